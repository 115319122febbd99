import CmocModel

/// Turns classified lines into utterances, deciding over the whole file which label candidates
/// are speakers.
///
/// A candidate is accepted when it is label-shaped, not prose or an editorial mark, and either
/// recurs in the file, names a known role, is structurally strong (Otter/Zoom header lines, Word
/// tables), or appears after the first accepted label with a strict shape (`Nurse:`, `P07:`).
/// Lines without an accepted label continue the current speaker's unit, across blank lines;
/// before the first label (and in files with no labels) each paragraph is its own unit with no
/// speaker, so no text is lost.
///
/// Never labels: the lines of a cover sheet (`CoverSheet`), kept as unattributed text; and, in
/// time-stamped notes (`08:40  Arrive. ...`, where most time-stamped lines carry no label), a
/// label used once after a time.
enum TurnAssembler {
    static func assemble(_ lines: [ClassifiedLine]) -> [Utterance] {
        let cover = CoverSheet.range(lines)
        var counts: [String: Int] = [:]
        var timedLabelled = 0
        var timedUnlabelled = 0
        // Lines are read in place (`lines[i].field`): copying a whole line retains its four buffers.
        for i in lines.indices where !cover.contains(i) {
            if let label = lines[i].candidate?.label { counts[label, default: 0] += 1 }
            if lines[i].leadingTime != nil {
                if let c = lines[i].candidate, SpeakerLabelRules.quality(Array(c.label.utf8)[...]) != nil {
                    timedLabelled += 1
                } else {
                    timedUnlabelled += 1
                }
            }
        }
        let timedNotes = timedUnlabelled > 0 && timedUnlabelled >= timedLabelled
        var units: [Utterance] = []
        var seenAccepted = false
        var paragraphBreak = true
        // `accepts` is a pure function of these; a transcript repeats a few labels thousands of times.
        var verdicts: [Verdict: Bool] = [:]
        func accepted(_ c: LabelCandidate, count: Int) -> Bool {
            let key = Verdict(label: c.label, kind: c.kind, count: count, seenAccepted: seenAccepted)
            if let known = verdicts[key] { return known }
            let verdict = accepts(c, count: count, seenAccepted: seenAccepted)
            verdicts[key] = verdict
            return verdict
        }
        for i in lines.indices {
            let candidate = cover.contains(i) ? nil : lines[i].candidate
            if let c = candidate, case let count = counts[c.label] ?? 0,
               !(timedNotes && lines[i].leadingTime != nil && count < 2), accepted(c, count: count) {
                seenAccepted = true
                units.append(Utterance(speaker: c.label, text: ByteText.collapsed(lines[i].rest), start: c.start, end: c.end))
                paragraphBreak = false
                continue
            }
            if lines[i].isBlank {
                paragraphBreak = true
                continue
            }
            if isServiceFooter(lines[i].whole) {
                units.append(Utterance(speaker: nil, text: ByteText.collapsed(lines[i].whole)))
                paragraphBreak = true
                continue
            }
            if let last = units.indices.last, units[last].speaker != nil {
                append(ByteText.collapsed(lines[i].whole), to: &units)
            } else if !seenAccepted, let time = lines[i].leadingTime {
                units.append(Utterance(speaker: nil, text: ByteText.collapsed(lines[i].afterTime), start: time))
            } else if paragraphBreak || units.isEmpty {
                units.append(Utterance(speaker: nil, text: ByteText.collapsed(lines[i].whole)))
            } else {
                append(ByteText.collapsed(lines[i].whole), to: &units)
            }
            paragraphBreak = false
        }
        return units
    }

    private struct Verdict: Hashable {
        var label: String
        var kind: LabelCandidate.Kind
        var count: Int
        var seenAccepted: Bool
    }

    static func accepts(_ c: LabelCandidate, count: Int, seenAccepted: Bool) -> Bool {
        if c.kind == .custom { return true }
        let bytes = Array(c.label.utf8)[...]
        guard let quality = SpeakerLabelRules.quality(bytes), !SpeakerLabelRules.isProse(c.label) else { return false }
        let recurs = count >= 2
        let oneOff = seenAccepted && SpeakerLabelRules.isCredibleOneOff(c.label, quality: quality)
        switch c.kind {
        case .custom:
            return true
        case .structuralStrong:
            return true
        case .ownLineTime:
            return quality == .strict || recurs
        case .colon:
            return recurs || SpeakerLabelRules.isKnownRole(c.label) || oneOff
        case .bracket:
            return !SpeakerLabelRules.isNonSpeech(c.label) && (recurs || oneOff)
        case .labelTime:
            return recurs || oneOff
        case .structuralWeak:
            return recurs
        }
    }

    private static func append(_ text: String, to units: inout [Utterance]) {
        guard !text.isEmpty, var last = units.popLast() else { return }
        // Appending to the popped (uniquely referenced) string keeps long turns linear.
        if !last.text.isEmpty { last.text += " " }
        last.text += text
        units.append(last)
    }

    /// `Transcribed by https://otter.ai` and similar footers are not the last speaker's words.
    private static func isServiceFooter(_ line: ArraySlice<UInt8>) -> Bool {
        ByteText.hasPrefixIgnoringCase(line, "Transcribed by https://")
    }
}
