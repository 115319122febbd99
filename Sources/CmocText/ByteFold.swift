/// Byte-level folding of UTF-8 text into matching units: ASCII case folding, Latin-1 and
/// Latin Extended-A diacritic folding (`é` -> `e`, `Ł` -> `l`), separators collapsed to one
/// kind, combining marks ignored. Matcher, tokeniser and sentence splitter all read text
/// through this one decoder so they agree on what a word is.
///
/// A *unit* is one byte value: `a`-`z`, `0`-`9`, a raw byte of a non-foldable multibyte
/// character (a word character), ``ByteFold/separator`` (space, punctuation, Latin-1 and
/// General Punctuation symbols such as curly quotes and dashes, emoji) or ``ByteFold/ignorable``
/// (combining diacritics, U+0300–U+036F, and invalid bytes' continuation noise).
public enum ByteFold {
    /// Unit for any run-able separator (whitespace, punctuation, symbols).
    public static let separator: UInt8 = 0x20
    /// Unit for bytes that neither form nor break a word (combining marks).
    public static let ignorable: UInt8 = 0x00

    /// Per-byte unit for ASCII; `0xFF` marks a non-ASCII lead byte that needs ``unit(at:in:)``'s slow path.
    public static let asciiTable: [UInt8] = {
        var table = [UInt8](repeating: separator, count: 256)
        for b in 0..<256 {
            let byte = UInt8(b)
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): table[b] = byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): table[b] = byte | 0x20
            case 0x80...0xFF: table[b] = 0xFF
            default: table[b] = separator
            }
        }
        return table
    }()

    /// Base letters for U+00C0–U+017F (lead bytes C3, C4, C5); `0` leaves the character unfolded.
    static let latinTable: [UInt8] = {
        // U+00C0–U+00FF: Æ, ×, Þ, ß, æ, ÷, þ stay unfolded (written as "_").
        let latin1 = "aaaaaa_ceeeeiiiidnooooo_ouuuuy__aaaaaa_ceeeeiiiidnooooo_ouuuuy_y"
        // U+0100–U+017F: Ĳ ĳ Œ œ stay unfolded.
        let extendedA =
            "aaaaaa" + "cccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" + "iiiiiiiiii" + "__" + "jj"
            + "kkk" + "llllllllll" + "nnnnnnnnn" + "oooooo" + "__" + "rrrrrr" + "ssssssss" + "tttttt"
            + "uuuuuuuuuuuu" + "ww" + "yyy" + "zzzzzz" + "s"
        return (latin1 + extendedA).utf8.map { $0 == UInt8(ascii: "_") ? 0 : $0 }
    }()

    /// The unit at `index` and how many bytes it spans.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public static func unit(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (unit: UInt8, length: Int) {
        let b = bytes[index]
        let fast = asciiTable[Int(b)]
        if fast != 0xFF { return (fast, 1) }
        return slowUnit(at: index, in: bytes)
    }

    @usableFromInline
    static func slowUnit(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (unit: UInt8, length: Int) {
        let b = bytes[index]
        let n = bytes.count
        func cont(_ k: Int) -> UInt8? {
            guard index + k < n else { return nil }
            let c = bytes[index + k]
            return c & 0xC0 == 0x80 ? c : nil
        }
        switch b {
        case 0xC2:
            // U+0080–U+00BF: controls, no-break space, Latin-1 punctuation and symbols.
            if cont(1) != nil { return (separator, 2) }
        case 0xC3, 0xC4, 0xC5:
            if let c = cont(1) {
                let folded = latinTable[Int(b - 0xC3) * 64 + Int(c - 0x80)]
                if folded != 0 { return (folded, 2) }
                if b == 0xC3 && (c == 0x97 || c == 0xB7) { return (separator, 2) }  // × ÷
            }
        case 0xCC:
            if cont(1) != nil { return (ignorable, 2) }  // U+0300–U+033F combining marks
        case 0xCD:
            if let c = cont(1), c <= 0xAF { return (ignorable, 2) }  // U+0340–U+036F
        case 0xE2:
            // U+2000–U+206F General Punctuation (spaces, dashes, curly quotes, ellipsis).
            if let c1 = cont(1), c1 == 0x80 || c1 == 0x81, cont(2) != nil { return (separator, 3) }
        case 0xF0:
            // U+1F000–U+1FFFF: emoji and pictographs separate words.
            if cont(1) == 0x9F, cont(2) != nil, cont(3) != nil { return (separator, 4) }
        case 0xEF:
            // U+FEFF byte-order mark inside text: ignore.
            if cont(1) == 0xBB, cont(2) == 0xBF { return (ignorable, 3) }
        default:
            break
        }
        return (b, 1)
    }

    /// Whether a unit is part of a word (letters, digits, non-foldable multibyte bytes).
    @inline(__always)
    public static func isWordUnit(_ unit: UInt8) -> Bool {
        unit != separator && unit != ignorable
    }

    /// Folds a whole string into units, collapsing separator runs to one ``separator`` and
    /// dropping ignorable units. Used for patterns and cue words, never on the hot path.
    public static func fold(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        bytes.withUnsafeMutableBufferPointer { mutable in
            let buffer = UnsafeBufferPointer(mutable)
            var i = 0
            while i < buffer.count {
                let (u, len) = unit(at: i, in: buffer)
                i += len
                if u == ignorable { continue }
                if u == separator, result.last == separator { continue }
                result.append(u)
            }
        }
        return result
    }
}
