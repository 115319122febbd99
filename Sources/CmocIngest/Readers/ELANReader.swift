import CmocModel

/// Reads ELAN `.eaf` files.
///
/// Unit: each `ALIGNABLE_ANNOTATION` on a top-level tier (no `PARENT_REF`); speaker = the tier's
/// `PARTICIPANT` as written. When any top-level tier names a participant, tiers without one
/// (gestures, noise) are left out; when none does, all top-level tiers are read with no speaker.
/// Times: `TIME_SLOT` milliseconds -> seconds (unaligned slots are untimed and sort at the last
/// aligned time before them). Units are ordered by start time, ties by tier order, then by
/// position in the tier.
enum ELANReader: TranscriptReader {
    static let format = TranscriptFormat.elan

    private struct Slot { var time: Double?; var sortTime: Double }

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        let document = try SafeXML.parse(input)
        let root = document.root
        guard root.name == "ANNOTATION_DOCUMENT" else {
            throw input.fail(.notATranscript(format: .elan, detail: "root element is <\(root.name)>, not <ANNOTATION_DOCUMENT>"))
        }
        var slots: [String: Slot] = [:]
        var lastKnown = 0.0
        for slot in root.firstElement(named: "TIME_ORDER")?.elements(named: "TIME_SLOT") ?? [] {
            guard let id = slot.attribute("TIME_SLOT_ID") else { continue }
            let ms = slot.attribute("TIME_VALUE").flatMap { Double($0) }.flatMap { Timecode.plausible($0 / 1000).map { $0 * 1000 } }
            if let ms { lastKnown = ms / 1000 }
            slots[id] = Slot(time: ms.map { $0 / 1000 }, sortTime: ms.map { $0 / 1000 } ?? lastKnown)
        }
        let topLevel = root.elements(named: "TIER").filter { ($0.attribute("PARENT_REF") ?? "").isEmpty }
        let participant = { (tier: XMLElement) -> String? in
            guard let p = tier.attribute("PARTICIPANT"), !p.isEmpty else { return nil }
            return p
        }
        let anyParticipant = topLevel.contains { participant($0) != nil }
        var keyed: [(key: (Double, Int, Int), unit: Utterance)] = []
        for (tierIndex, tier) in topLevel.enumerated() {
            let speaker = participant(tier)
            if anyParticipant && speaker == nil { continue }
            for (position, annotation) in tier.descendants(named: "ALIGNABLE_ANNOTATION").enumerated() {
                let start = annotation.attribute("TIME_SLOT_REF1").flatMap { slots[$0] }
                let end = annotation.attribute("TIME_SLOT_REF2").flatMap { slots[$0] }
                let text = annotation.firstElement(named: "ANNOTATION_VALUE")?.text() ?? ""
                let unit = Utterance(speaker: speaker, text: text, start: start?.time, end: end?.time)
                keyed.append(((start?.sortTime ?? lastKnown, tierIndex, position), unit))
            }
        }
        keyed.sort { $0.key < $1.key }
        let declared = uniqueInOrder(topLevel.compactMap(participant)).map { SpeakerDeclaration(id: $0) }
        return ReaderOutput(utterances: keyed.map(\.unit), declaredSpeakers: declared, encoding: document.encoding)
    }
}

/// Distinct values in order of first appearance.
func uniqueInOrder(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
