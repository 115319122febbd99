/// Parses the time notations transcripts use: `h:mm:ss.mmm`, `mm:ss`, `m:ss`, non-padded Teams
/// `0:0:0.570`, SRT commas `00:00:01,500`, bare seconds `12.5`, and ISO durations `PT2.5S`.
enum Timecode {
    typealias Bytes = ArraySlice<UInt8>

    /// A clock-shaped timestamp occupying all of `s`: 2 or 3 colon-separated groups, the last
    /// optionally with a fraction (`.` or `,`). Groups after the first must be below 60.
    static func clock(_ s: Bytes) -> Double? {
        guard let (value, end) = scanClock(s, at: s.startIndex), end == s.endIndex else { return nil }
        return value
    }

    /// A clock timestamp starting at `i`; returns its value in seconds and the index after it.
    /// The character after it must not be a letter or digit.
    static func scanClock(_ s: Bytes, at start: Int) -> (Double, Int)? {
        // Up to three groups, folded as they come: h:m:s = (h * 60 + m) * 60 + s.
        var groups = 0
        var seconds = 0
        var i = start
        var fraction = 0.0
        while true {
            var value = 0, digits = 0
            while i < s.endIndex, ByteText.isDigit(s[i]), digits < 4 {
                value = value * 10 + Int(s[i] - 0x30)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if groups > 0 && (digits > 2 || value >= 60) { return nil }
            groups += 1
            seconds = seconds * 60 + value
            if i < s.endIndex, s[i] == 0x3A, groups < 3, i + 1 < s.endIndex, ByteText.isDigit(s[i + 1]) {
                i += 1
                continue
            }
            break
        }
        guard groups >= 2 else { return nil }
        if i + 1 < s.endIndex, s[i] == 0x2E || s[i] == 0x2C, ByteText.isDigit(s[i + 1]) {
            i += 1
            // Integer numerator over a power of ten: `0.570` must be exactly 0.57, not 0.5700000000000001.
            var numerator = 0
            var denominator = 1
            while i < s.endIndex, ByteText.isDigit(s[i]) {
                if denominator < 1_000_000_000 {
                    numerator = numerator * 10 + Int(s[i] - 0x30)
                    denominator *= 10
                }
                i += 1
            }
            fraction = Double(numerator) / Double(denominator)
        }
        if i < s.endIndex, ByteText.isDigit(s[i]) || ByteText.isASCIILetter(s[i]) { return nil }
        return (Double(seconds) + fraction, i)
    }

    /// Seconds from an attribute value: a decimal number, a clock time, or `PT…S`.
    /// Longest media time taken as real: about 116 days. Larger, negative or non-finite values
    /// (`nan`, `inf`, `1e300` in hostile files) are not times.
    static let maximumSeconds: Double = 1e7

    static func plausible(_ value: Double) -> Double? {
        value.isFinite && value >= 0 && value <= maximumSeconds ? value : nil
    }

    static func seconds(_ text: String) -> Double? {
        let t = Array(text.utf8)[...]
        let s = ByteText.trimmed(t)
        guard !s.isEmpty else { return nil }
        if let c = clock(s) { return c }
        var body = s
        var isDuration = false
        if ByteText.hasPrefixIgnoringCase(body, "PT") { body = body.dropFirst(2); isDuration = true }
        if isDuration, let last = body.last, last == 0x53 || last == 0x73 { body = body.dropLast() }
        if isDuration, let last = body.last, last == 0x4D || last == 0x6D, let minutes = Double(ByteText.string(body.dropLast())) {
            return plausible(minutes * 60)
        }
        guard let value = Double(ByteText.string(body)) else { return nil }
        return plausible(value)
    }

    /// A bracketed timestamp `[00:01:23]` or `(00:01:23)` starting at `i`.
    static func scanBracketedClock(_ s: Bytes, at i: Int) -> (Double, Int)? {
        guard i < s.endIndex else { return nil }
        let close: UInt8
        switch s[i] {
        case 0x5B: close = 0x5D
        case 0x28: close = 0x29
        default: return nil
        }
        guard let (value, end) = scanClock(s, at: i + 1), end < s.endIndex, s[end] == close else { return nil }
        return (value, end + 1)
    }

    /// A timestamp, bracketed or bare, starting at `i`.
    static func scanAny(_ s: Bytes, at i: Int) -> (Double, Int)? {
        scanBracketedClock(s, at: i) ?? scanClock(s, at: i)
    }
}
