import CmocModel

/// Reads Transcriber `.trs` files (DOCTYPE `trans-14.dtd` is never loaded).
///
/// Unit: each `<Turn>` in document order, speaker = the `@speaker` id as written (`spk1`); an
/// overlap turn `speaker="spk1 spk2"` is split at `<Who nb="n"/>` into one unit per speaker
/// (same times). `Sync`, `Event`, `Comment` and `Background` are markers, not text. A turn with
/// no `@speaker` has no speaker. Declared speakers: `<Speakers><Speaker id name>`.
enum TranscriberReader: TranscriptReader {
    static let format = TranscriptFormat.transcriber

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let document = try SafeXML.parse(input)
        guard document.root.name == "Trans" else {
            throw input.fail(.notATranscript(format: .transcriber, detail: "root element is <\(document.root.name)>, not <Trans>"))
        }
        let declared = document.root.descendants(named: "Speaker").compactMap { s -> SpeakerDeclaration? in
            guard let id = s.attribute("id") else { return nil }
            return SpeakerDeclaration(id: id, name: s.attribute("name").flatMap { $0.isEmpty ? nil : $0 }, role: s.attribute("type"))
        }
        var units: [Utterance] = []
        for turn in document.root.descendants(named: "Turn") {
            let start = turn.attribute("startTime").flatMap(Timecode.seconds)
            let end = turn.attribute("endTime").flatMap(Timecode.seconds)
            let speakers = (turn.attribute("speaker") ?? "").split(separator: " ").map(String.init)
            for (index, text) in textsByWho(turn, speakerCount: max(speakers.count, 1)).enumerated() {
                let speaker = index < speakers.count ? speakers[index] : nil
                let body = ByteText.collapsed(text)
                // A turn with neither speaker nor words (silence, music) is not a unit.
                if speaker == nil && body.isEmpty { continue }
                units.append(Utterance(speaker: speaker, text: body, start: start, end: end))
            }
        }
        return ReaderOutput(utterances: units, declaredSpeakers: declared, encoding: document.encoding)
    }

    /// The turn's text, one string per speaker slot: text after `<Who nb="n"/>` goes to slot n.
    private static func textsByWho(_ turn: XMLElement, speakerCount: Int) -> [String] {
        var slots = Array(repeating: "", count: speakerCount)
        var current = 0
        for child in turn.children {
            switch child {
            case .text(let t):
                slots[current] += t
            case .element(let e) where e.name == "Who":
                if let nb = e.attribute("nb").flatMap({ Int($0) }), nb >= 1, nb <= speakerCount { current = nb - 1 }
            case .element(let e) where ["Sync", "Event", "Comment", "Background"].contains(e.name):
                slots[current] += " "
            case .element(let e):
                slots[current] += " " + e.text() + " "
            }
        }
        return slots
    }
}
