import CmocModel

/// Reads EXMARaLDA basic transcriptions (`.exb`).
///
/// Unit: each non-empty `event` on a transcription tier (`type="t"`) with a `@speaker`; label =
/// the speaker's `abbreviation` in the speakertable (its id when there is none). Events are
/// ordered by the position of their start point in the common timeline (not by the number in
/// the id: real files have `T142` before `T3`), ties by tier order, then position in the tier.
/// Times: `tli/@time` where present. Declared speakers: the speakertable.
enum EXMARaLDAReader: TranscriptReader {
    static let format = TranscriptFormat.exmaralda

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let document = try SafeXML.parse(input)
        let root = document.root
        guard root.name == "basic-transcription" else {
            throw input.fail(.notATranscript(format: .exmaralda, detail: "root element is <\(root.name)>, not <basic-transcription>"))
        }
        var declared: [SpeakerDeclaration] = []
        var labels: [String: String] = [:]
        for speaker in root.descendants(named: "speaker") {
            guard let id = speaker.attribute("id") else { continue }
            let abbreviation = speaker.firstElement(named: "abbreviation")?.text() ?? ""
            let label = abbreviation.isEmpty ? id : abbreviation
            labels[id] = label
            let name = speaker.descendants(named: "ud-information").first { $0.attribute("attribute-name") == "Name" }?.text()
            declared.append(SpeakerDeclaration(id: label, name: name?.isEmpty == false ? name : nil))
        }
        var position: [String: Int] = [:]
        var times: [String: Double] = [:]
        for (index, point) in root.descendants(named: "tli").enumerated() {
            guard let id = point.attribute("id") else { continue }
            position[id] = index
            if let t = point.attribute("time").flatMap(Timecode.seconds) { times[id] = t }
        }
        let tiers = root.descendants(named: "tier").filter { $0.attribute("type") == "t" }
        let withSpeaker = tiers.filter { $0.attribute("speaker") != nil }
        var keyed: [(key: (Int, Int, Int), unit: Utterance)] = []
        for (tierIndex, tier) in (withSpeaker.isEmpty ? tiers : withSpeaker).enumerated() {
            let speaker = tier.attribute("speaker").map { labels[$0] ?? $0 }
            for (k, event) in tier.elements(named: "event").enumerated() {
                let text = event.text()
                guard !text.isEmpty else { continue }
                let start = event.attribute("start")
                let end = event.attribute("end")
                let unit = Utterance(speaker: speaker, text: text, start: start.flatMap { times[$0] }, end: end.flatMap { times[$0] })
                keyed.append(((start.flatMap { position[$0] } ?? Int.max, tierIndex, k), unit))
            }
        }
        keyed.sort { $0.key < $1.key }
        return ReaderOutput(utterances: keyed.map(\.unit), declaredSpeakers: declared, encoding: document.encoding)
    }
}
