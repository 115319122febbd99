/// Finds the speaker-label candidate on one line of typed or exported text, with any timestamp
/// before or after it. Whether a candidate is accepted is decided later, over the whole file
/// (`TurnAssembler`), because one line cannot tell `Note:` from `Nurse:`.
struct LabelCandidate: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `Name: text`, `Name :`, `#Name:`, `@Name:`, `Speaker 1 (00:00): text`.
        case colon
        /// `[Name] text`.
        case bracket
        /// A label alone on its line with a time: Otter `Speaker 1  0:03`, Zoom `[Name] 11:02:09`.
        case ownLineTime
        /// TranscribeMe `S1 00:00:01.717 text`.
        case labelTime
        /// Matched by the caller's own pattern.
        case custom
        /// Found by document structure (Word heading paragraph).
        case structuralWeak
        /// Found by document structure (bold run, table speaker column, Teams block).
        case structuralStrong
    }

    var label: String
    var kind: Kind
    var start: Double?
    var end: Double? = nil
}

/// A line of text with what the classifier found on it.
struct ClassifiedLine: Sendable {
    var candidate: LabelCandidate?
    /// Text after the label (or the whole line without a leading timestamp).
    var rest: ArraySlice<UInt8>
    /// The whole line, used as text when the candidate is rejected.
    var whole: ArraySlice<UInt8>
    /// A timestamp at the start of the line (before any label).
    var leadingTime: Double?
    /// The line after its leading timestamp, used as text when the line has no accepted label.
    var afterTime: ArraySlice<UInt8> = []
    var isBlank: Bool { ByteText.isBlank(whole) && candidate == nil }
}

enum LineClassifier {
    typealias Bytes = ArraySlice<UInt8>

    static func classify(_ raw: Bytes) -> ClassifiedLine {
        let line = ByteText.trimmed(raw)
        guard !line.isEmpty else { return ClassifiedLine(candidate: nil, rest: line, whole: line, leadingTime: nil) }
        var p = line.startIndex
        var leading: Double?
        var afterTime: Bytes = []
        if let (t, after) = Timecode.scanAny(line, at: p) {
            leading = t
            p = skipSpaces(line, after)
            afterTime = line[p...]
        }
        // The line is built once, on return: filling in a `var` line field by field copied it.
        func made(_ candidate: LabelCandidate?, rest: Bytes) -> ClassifiedLine {
            ClassifiedLine(candidate: candidate, rest: rest, whole: line, leadingTime: leading, afterTime: afterTime)
        }
        // Without a label the rest is the line after its leading timestamp.
        let unlabelled = line[p...]
        // A line that is only a timestamp carries no text.
        if p == line.endIndex { return made(nil, rest: unlabelled) }
        if line[p] == 0x23 || line[p] == 0x40, p + 1 < line.endIndex, !ByteText.isSpace(line[p + 1]) { p += 1 }  // # @

        if line[p] == 0x5B, let found = bracketLabel(line, at: p) {
            var candidate = found.0
            if candidate.start == nil { candidate.start = leading }
            return made(candidate, rest: found.1)
        }
        if let (label, time, rest) = colonLabel(line, at: p) {
            return made(LabelCandidate(label: label, kind: .colon, start: time ?? leading), rest: rest)
        }
        if leading == nil, let (label, time, rest) = labelThenTime(line, at: p) {
            return made(LabelCandidate(label: label, kind: rest.isEmpty ? .ownLineTime : .labelTime, start: time), rest: rest)
        }
        return made(nil, rest: unlabelled)
    }

    static func skipSpaces(_ s: Bytes, _ i: Int) -> Int {
        var i = i
        while i < s.endIndex, ByteText.isSpace(s[i]) { i += 1 }
        return i
    }

    /// `[Name] text`, `[Name]: text`, `[Name] 11:02:09`.
    private static func bracketLabel(_ s: Bytes, at open: Int) -> (LabelCandidate, Bytes)? {
        let limit = min(s.endIndex, open + 1 + SpeakerLabelRules.maxBytes + 1)
        guard let close = s[(open + 1)..<limit].firstIndex(of: 0x5D) else { return nil }
        let inner = ByteText.trimmed(s[(open + 1)..<close])
        guard !inner.isEmpty, Timecode.clock(inner) == nil else { return nil }
        var p = close + 1
        if p < s.endIndex, s[p] == 0x3A { p += 1 }
        guard p == s.endIndex || ByteText.isSpace(s[p]) else { return nil }
        p = skipSpaces(s, p)
        var time: Double?
        if let (t, after) = Timecode.scanAny(s, at: p) {
            time = t
            p = skipSpaces(s, after)
        }
        let rest = s[p...]
        // `[END OF TRANSCRIPT]`, `[PAUSE]` alone on a line are editorial marks: a bracketed label
        // carries its words on the same line, or a time when it heads a block (Zoom).
        if rest.isEmpty && time == nil { return nil }
        let kind: LabelCandidate.Kind = time != nil && rest.isEmpty ? .ownLineTime : .bracket
        return (LabelCandidate(label: ByteText.string(inner), kind: kind, start: time), rest)
    }

    /// `Name: text`, `Name : text`, `Speaker 1 (00:00): text`, `Name: [00:01:23] text`.
    private static func colonLabel(_ s: Bytes, at p: Int) -> (String, Double?, Bytes)? {
        let limit = min(s.endIndex, p + SpeakerLabelRules.maxBytes + 16)
        var i = p
        var colon: Int?
        while i < limit {
            let b = s[i]
            // A colon inside a clock (`(00:00)`) or URL is not the label's colon: keep looking.
            if b == 0x3A, i + 1 == s.endIndex || ByteText.isSpace(s[i + 1]) {
                colon = i
                break
            }
            i += 1
        }
        guard let colon, colon > p else { return nil }
        var labelPart = ByteText.trimmed(s[p..<colon])
        var time: Double?
        // Rev style: `Speaker 1 (00:00):`.
        if let last = labelPart.last, last == 0x29 || last == 0x5D,
           let open = labelPart.lastIndex(where: { $0 == 0x28 || $0 == 0x5B }),
           let (t, end) = Timecode.scanBracketedClock(labelPart, at: open), end == labelPart.endIndex {
            time = t
            labelPart = ByteText.trimmed(labelPart[..<open])
        }
        guard !labelPart.isEmpty else { return nil }
        var q = skipSpaces(s, colon + 1)
        if time == nil, let (t, after) = Timecode.scanAny(s, at: q), after == s.endIndex || ByteText.isSpace(s[after]) {
            time = t
            q = skipSpaces(s, after)
        }
        return (ByteText.string(labelPart), time, s[q...])
    }

    /// `Speaker 1  0:03` (alone) or `S1 00:00:01.717 text`: a label, spaces, then a clock.
    private static func labelThenTime(_ s: Bytes, at p: Int) -> (String, Double, Bytes)? {
        let limit = min(s.endIndex, p + SpeakerLabelRules.maxBytes + 1)
        var i = p
        while i < limit {
            if ByteText.isSpace(s[i]) {
                let q = skipSpaces(s, i)
                if q < s.endIndex, ByteText.isDigit(s[q]), let (t, after) = Timecode.scanClock(s, at: q),
                   after == s.endIndex || ByteText.isSpace(s[after]) {
                    let label = ByteText.trimmed(s[p..<i])
                    guard !label.isEmpty else { return nil }
                    return (ByteText.string(label), t, s[skipSpaces(s, after)...])
                }
                i = q
                continue
            }
            i += 1
        }
        return nil
    }
}
