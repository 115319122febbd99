/// Splits a turn's UTF-8 text into sentences (byte ranges), the way interview transcripts
/// punctuate: `.`, `!`, `?` and `…` end a sentence when followed by space and a word that
/// does not start in lower case (or by the end); line breaks always end one; common
/// abbreviations (`Dr.`, `e.g.`, `etc.`) and decimals (`2.5`) do not.
public enum SentenceSplitter {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "e.g", "i.e", "eg", "ie", "etc", "vs", "approx", "dept", "no",
        "cf", "fig",
    ]

    /// Sentence ranges covering the text's non-space content, in order, trimmed of surrounding space.
    public static func sentences(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        sentences(in: bytes, into: &result)
        return result
    }

    /// The same ranges as ``sentences(in:)-(UnsafeBufferPointer<UInt8>)``, appended to `result` (no
    /// array per call, for callers that keep every turn's sentences in one array).
    public static func sentences(in bytes: UnsafeBufferPointer<UInt8>, into result: inout [Range<Int>]) {
        let n = bytes.count
        var start = 0
        var k = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func emit(_ end: Int) {
            var s = start
            var e = end
            while s < e, isSpace(bytes[s]) { s += 1 }
            while e > s, isSpace(bytes[e - 1]) { e -= 1 }
            if s < e { result.append(s..<e) }
        }
        // Fast path: eight bytes at a time, skip blocks holding no line break, `.`, `!`, `?` and no
        // non-ASCII byte (`…` and the closing quotes start with 0xE2): only those bytes are looked at
        // below; any other byte just moves on. Lands on the block's first such byte.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// High bit set exactly in each byte of `x` equal to `byte`.
        @inline(__always) func equal(_ x: UInt64, _ byte: UInt8) -> UInt64 {
            let y = x ^ (ones &* UInt64(byte))
            return ~(((y & lows) &+ lows) | y | lows)
        }
        let raw = bytes.baseAddress.map { UnsafeRawPointer($0) }
        while k < n {
            if let raw, k + 8 <= n {
                let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                let found =
                    (x & highs) | equal(x, 0x0A) | equal(x, UInt8(ascii: ".")) | equal(x, UInt8(ascii: "!"))
                    | equal(x, UInt8(ascii: "?"))
                if found == 0 {
                    k += 8
                    continue
                }
                k += found.trailingZeroBitCount >> 3
            }
            let b = bytes[k]
            if b == 0x0A {
                emit(k)
                start = k + 1
                k += 1
                continue
            }
            var terminatorLength = 0
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                terminatorLength = 1
            } else if b == 0xE2, k + 2 < n, bytes[k + 1] == 0x80, bytes[k + 2] == 0xA6 {
                terminatorLength = 3  // …
            }
            guard terminatorLength > 0 else {
                k += 1
                continue
            }
            // Take the whole run of terminators and closing quotes/brackets.
            var e = k + terminatorLength
            while e < n {
                let c = bytes[e]
                if c == UInt8(ascii: ".") || c == UInt8(ascii: "!") || c == UInt8(ascii: "?") || c == UInt8(ascii: "\"")
                    || c == UInt8(ascii: "'") || c == UInt8(ascii: ")")
                {
                    e += 1
                } else if c == 0xE2, e + 2 < n, bytes[e + 1] == 0x80, bytes[e + 2] == 0x99 || bytes[e + 2] == 0x9D || bytes[e + 2] == 0xA6 {
                    e += 3
                } else {
                    break
                }
            }
            if e >= n {
                emit(n)
                start = n
                k = n
                break
            }
            guard isSpace(bytes[e]) else {
                k = e
                continue
            }
            if b == UInt8(ascii: "."), e == k + 1, isAbbreviation(before: k, in: bytes, from: start) {
                k = e
                continue
            }
            var next = e
            while next < n, isSpace(bytes[next]) { next += 1 }
            if next < n, bytes[next] >= UInt8(ascii: "a"), bytes[next] <= UInt8(ascii: "z") {
                k = e
                continue
            }
            emit(e)
            start = e
            k = e
        }
        if start < n { emit(n) }
    }

    /// Sentences of a string as byte ranges of its UTF-8 form.
    public static func sentences(in text: String) -> [Range<Int>] {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { sentences(in: UnsafeBufferPointer($0)) }
    }

    private static func isAbbreviation(before dot: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var s = dot
        while s > start {
            let c = bytes[s - 1]
            let isWordByte = (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: ".")
            if !isWordByte { break }
            s -= 1
        }
        guard s < dot else { return false }
        // The word is ASCII letters and dots: lower-cased into one integer and compared with the
        // abbreviations' (no String per full stop). None is longer than `abbreviationKeyLength` bytes.
        guard dot - s <= abbreviationKeyLength else { return false }
        var key: UInt64 = 0
        // `| 0x20` lower-cases an ASCII letter and leaves `.` (0x2E) as it is.
        for k in s..<dot { key = key << 8 | UInt64(bytes[k] | 0x20) }
        return abbreviationKeys.contains(key)
    }

    static let abbreviationKeyLength = 7
    /// `abbreviations`, each packed like `isAbbreviation` packs a word (one byte per letter, first highest).
    static let abbreviationKeys: [UInt64] = abbreviations.sorted().map { word in
        precondition(word.utf8.count <= abbreviationKeyLength)
        return word.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
