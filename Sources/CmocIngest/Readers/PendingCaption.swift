import CmocModel

/// A caption unit whose `Name:` / `[Name]` prefix is not yet accepted or rejected.
struct PendingCaption: Sendable {
    var candidate: LabelCandidate?
    /// Speaker from markup (WebVTT voice), text without the prefix.
    var unit: Utterance
    /// The text as written, used when the prefix is rejected.
    var original: String

    /// A unit from caption text: a prefix candidate of the given kinds is split off for later judgement.
    static func from(_ body: String, start: Double?, end: Double?, kinds: [LabelCandidate.Kind]) -> PendingCaption {
        let line = LineClassifier.classify(Array(body.utf8)[...])
        if let c = line.candidate, kinds.contains(c.kind) {
            return PendingCaption(
                candidate: c, unit: Utterance(speaker: nil, text: ByteText.collapsed(line.rest), start: start, end: end),
                original: body)
        }
        return PendingCaption(candidate: nil, unit: Utterance(speaker: nil, text: body, start: start, end: end), original: body)
    }

    /// Accepts prefixes with the plain-text rules (recurrence, shape, stop-lists). With
    /// `capitalsAreCredible`, an all-capitals name counts as recurring (subtitling convention).
    static func resolve(_ pending: [PendingCaption], capitalsAreCredible: Bool) -> [Utterance] {
        var counts: [String: Int] = [:]
        for case let c? in pending.map(\.candidate) { counts[c.label, default: 0] += 1 }
        var seen = false
        return pending.map { item in
            if item.unit.speaker != nil { seen = true }
            guard let c = item.candidate else { return item.unit }
            let capitals = capitalsAreCredible && !c.label.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A })
            if TurnAssembler.accepts(c, count: capitals ? 2 : counts[c.label] ?? 0, seenAccepted: seen) {
                seen = true
                var unit = item.unit
                unit.speaker = c.label
                return unit
            }
            var unit = item.unit
            unit.text = item.original
            return unit
        }
    }
}
