import CmocModel

/// Splits WebVTT and SRT text into cues: blocks separated by blank lines, each with an optional
/// identifier, a `start --> end` timing line and payload lines. Blocks without a timing line
/// (WebVTT header, `NOTE`, `STYLE`, `REGION`) are not cues.
struct CaptionCue: Sendable {
    var start: Double?
    var end: Double?
    /// The payload lines as one slice of the text, joined by their line feeds (they are
    /// consecutive lines of the file).
    var body: ArraySlice<UInt8>

    /// The payload lines.
    var payload: [ArraySlice<UInt8>] {
        body.isEmpty ? [] : body.split(separator: 0x0A, omittingEmptySubsequences: false)
    }
}

enum CaptionCues {
    static let arrow = Array("-->".utf8)

    static func cues(_ text: [UInt8]) -> [CaptionCue] {
        var cues: [CaptionCue] = []
        var block: [ArraySlice<UInt8>] = []
        func flush() {
            defer { block.removeAll(keepingCapacity: true) }
            guard let first = block.first else { return }
            if ByteText.hasPrefixIgnoringCase(first, "WEBVTT") || ByteText.hasPrefixIgnoringCase(first, "NOTE")
                || ByteText.hasPrefixIgnoringCase(first, "STYLE") || ByteText.hasPrefixIgnoringCase(first, "REGION") {
                // A header or comment block: not a cue even if a later line has an arrow.
                if !(ByteText.hasPrefixIgnoringCase(first, "WEBVTT") && block.count > 1 && isTiming(block[1])) { return }
                block.removeFirst()
            }
            guard let timingIndex = block.prefix(2).firstIndex(where: isTiming) else { return }
            let (start, end) = times(block[timingIndex])
            let payload = block[(timingIndex + 1)...]
            let body = payload.first.map { first in text[first.startIndex..<(payload.last?.endIndex ?? first.endIndex)] } ?? []
            cues.append(CaptionCue(start: start, end: end, body: body))
        }
        for line in ByteText.lines(text) {
            if ByteText.isBlank(line) { flush() } else { block.append(line) }
        }
        flush()
        return cues
    }

    static func isTiming(_ line: ArraySlice<UInt8>) -> Bool { ByteText.find(arrow, in: line) != nil }

    /// `00:00:01.000 --> 00:00:02.000 align:start` (or SRT commas, or Teams `0:0:0.570`).
    static func times(_ line: ArraySlice<UInt8>) -> (Double?, Double?) {
        guard let a = ByteText.find(arrow, in: line) else { return (nil, nil) }
        let left = ByteText.trimmed(line[line.startIndex..<a])
        var right = ByteText.trimmed(line[(a + arrow.count)...])
        if let space = right.firstIndex(where: ByteText.isSpace) { right = right[right.startIndex..<space] }
        return (Timecode.clock(left), Timecode.clock(right))
    }

    /// Removes `<…>` tags (and SRT `{\an8}` overrides), keeping the text between them.
    static func stripTags(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            if b == 0x3C, let close = s[i...].firstIndex(of: 0x3E) {
                i = close + 1
                continue
            }
            if b == 0x7B, i + 1 < s.endIndex, s[i + 1] == 0x5C, let close = s[i...].firstIndex(of: 0x7D) {
                i = close + 1
                continue
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
