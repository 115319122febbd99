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
        // Each distinct label gets a small number once, with one hash per labelled line; counts and
        // verdicts are then array slots instead of String-keyed look-ups on every line.
        var labelIDs: [String: Int] = [:]
        var names: [String] = []
        var lineLabel = [Int](repeating: -1, count: lines.count)
        var counts: [Int] = []
        var timedLabelled = 0
        var timedUnlabelled = 0
        // Lines are read in place (`lines[i].field`): copying a whole line retains its four buffers.
        for i in lines.indices where !cover.contains(i) {
            if let label = lines[i].candidate?.label {
                // A transcript has a handful of labels: while there are at most eight, comparing with
                // each (a short label compares as two machine words) is cheaper than hashing it.
                let known = names.count <= 8 ? names.firstIndex(of: label) : labelIDs[label]
                let id: Int
                if let known {
                    id = known
                } else {
                    id = counts.count
                    labelIDs[label] = id
                    names.append(label)
                    counts.append(0)
                }
                counts[id] += 1
                lineLabel[i] = id
            }
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
        // `accepts` is a pure function of label, kind, count and `seenAccepted`, and the count is the
        // label's: one slot per (label, kind, seenAccepted), 0 unknown, 1 rejected, 2 accepted.
        // A transcript repeats a few labels thousands of times.
        var verdicts = [UInt8](repeating: 0, count: counts.count * Self.verdictSlots)
        func accepted(_ c: LabelCandidate, id: Int) -> Bool {
            let slot = id * Self.verdictSlots + Self.kindIndex(c.kind) * 2 + (seenAccepted ? 1 : 0)
            if verdicts[slot] != 0 { return verdicts[slot] == 2 }
            let verdict = accepts(c, count: counts[id], seenAccepted: seenAccepted)
            verdicts[slot] = verdict ? 2 : 1
            return verdict
        }
        for i in lines.indices {
            // `lineLabel` is -1 on cover-sheet lines and lines without a candidate.
            if case let id = lineLabel[i], id >= 0, let c = lines[i].candidate,
               !(timedNotes && lines[i].leadingTime != nil && counts[id] < 2), accepted(c, id: id) {
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

    /// Verdict slots per label: two (`seenAccepted` false/true) per candidate kind.
    private static let verdictSlots = 16

    /// A slot number per candidate kind, below `verdictSlots / 2`.
    private static func kindIndex(_ kind: LabelCandidate.Kind) -> Int {
        switch kind {
        case .colon: 0
        case .bracket: 1
        case .ownLineTime: 2
        case .labelTime: 3
        case .custom: 4
        case .structuralWeak: 5
        case .structuralStrong: 6
        }
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
