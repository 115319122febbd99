/// Byte-level word tokeniser for UTF-8 text: words with their folded hash, capitalisation and
/// position facts (sentence start, line), so every later step is a table look-up.
///
/// A word is a run of letters and digits (any non-ASCII letter counts) with inner apostrophes
/// (`O'Neill`, curly too) and hyphens (`Bailey-Ross`). A trailing possessive or contraction
/// (`'s`, `'m`, `'ve`, `'ll`, `'re`, `'d`) is kept out of the word's core span.
struct Token: Sendable {
    /// Core span (UTF-8 offsets), possessive excluded.
    var start: Int
    var end: Int
    /// FNV-1a hash of the folded core (ASCII lower case, curly apostrophe as `'`).
    var hash: UInt64
    var capitalised: Bool
    var allCaps: Bool
    var hasDigit: Bool
    var allDigits: Bool
    var hasLetter: Bool
    /// First word of a sentence or of a paragraph (capitalisation there is no evidence).
    var sentenceStart: Bool
    /// 0-based line of the token.
    var line: Int
    /// Bytes in the core.
    var length: Int { end - start }
}

enum TextBytes {
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always) static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* fnvPrime
    }

    /// Hash of a word as the tokeniser folds it; used to build look-up tables from strings.
    static func hash(_ word: String) -> UInt64 {
        let bytes = Array(word.utf8)
        var h = fnvOffset
        var i = 0
        while i < bytes.count {
            if let (folded, width) = foldApostrophe(bytes, i) {
                h = mix(h, folded)
                i += width
                continue
            }
            h = mix(h, fold(bytes, i))
            i += 1
        }
        return h
    }

    /// Folded hash of `bytes[start..<end]`, as the tokeniser computes a word's.
    static func hash(_ bytes: [UInt8], _ start: Int, _ end: Int) -> UInt64 {
        var h = fnvOffset
        var k = start
        while k < end {
            if let (folded, width) = foldApostrophe(bytes, k) {
                h = mix(h, folded)
                k += width
            } else {
                h = mix(h, fold(bytes, k))
                k += 1
            }
        }
        return h
    }

    /// Combines the hashes of consecutive words into one sequence hash.
    @inline(__always) static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &+ 0x632B_E59B_D9B4_E019)
    }

    /// ASCII lower-casing plus Latin-1 capitals (`É` -> `é`), byte by byte.
    @inline(__always) static func fold(_ bytes: [UInt8], _ i: Int) -> UInt8 {
        let b = bytes[i]
        if b >= 0x41 && b <= 0x5A { return b | 0x20 }
        if b >= 0x80 && b <= 0x9E && b != 0x97 && i > 0 && bytes[i - 1] == 0xC3 { return b + 0x20 }
        return b
    }

    /// `'` or `’` (and `‘`) at `i`, as `'` with its width.
    @inline(__always) static func foldApostrophe(_ bytes: [UInt8], _ i: Int) -> (UInt8, Int)? {
        if bytes[i] == 0x27 { return (0x27, 1) }
        if bytes[i] == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x99 || bytes[i + 2] == 0x98) {
            return (0x27, 3)
        }
        return nil
    }

    /// Width of the word character at `i` (letter or digit), or 0 when it is not one.
    @inline(__always) static func wordWidth(_ bytes: [UInt8], _ i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 {
            return (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) ? 1 : 0
        }
        switch b {
        case 0xC2: return 0  // U+0080–U+00BF: spaces, symbols, « »
        case 0xC3:
            if i + 1 < bytes.count && (bytes[i + 1] == 0x97 || bytes[i + 1] == 0xB7) { return 0 }  // × ÷
            return 2
        case 0xC4...0xDF: return 2
        case 0xE2: return 0  // U+2000–U+2FFF: punctuation, symbols, arrows
        case 0xE3: return (i + 1 < bytes.count && bytes[i + 1] == 0x80) ? 0 : 3
        case 0xE0, 0xE1, 0xE4...0xEE: return 3
        case 0xEF: return 0  // BOM, specials, full-width forms
        case 0xF0...0xF4: return 0  // emoji and other astral symbols
        default: return 1  // stray continuation byte: keep it inside a word
        }
    }

    static func isUppercaseScalar(_ bytes: [UInt8], _ i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return b >= 0x41 && b <= 0x5A }
        if b == 0xC3, i + 1 < bytes.count { return bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9E && bytes[i + 1] != 0x97 }
        let width = wordWidth(bytes, i)
        guard width > 1, i + width <= bytes.count else { return false }
        let scalar = String(decoding: bytes[i..<(i + width)], as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isUppercase ?? false
    }

    static func isLowercaseScalar(_ bytes: [UInt8], _ i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return b >= 0x61 && b <= 0x7A }
        if b == 0xC3, i + 1 < bytes.count { return bytes[i + 1] >= 0x9F && bytes[i + 1] <= 0xBF && bytes[i + 1] != 0xB7 }
        let width = wordWidth(bytes, i)
        guard width > 1, i + width <= bytes.count else { return false }
        let scalar = String(decoding: bytes[i..<(i + width)], as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isLowercase ?? false
    }

    /// An ASCII letter (either case).
    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// An ASCII digit.
    @inline(__always) static func isASCIIDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// Splits UTF-8 bytes into words. With `positionsOnly` (the leak guard) only spans, hashes and
    /// lines are exact; capitalisation and sentence facts are left false.
    /// - Complexity: O(n) in the byte count.
    static func tokenize(_ bytes: [UInt8], positionsOnly: Bool = false) -> [Token] {
        // A word takes at least one byte and a separator, so a short text's tokens fit in
        // `count / 2 + 1` and are written in place, without `append`'s capacity and uniqueness
        // checks; a long text appends into a smaller reserve instead of over-allocating.
        let bound = bytes.count / 2 + 1
        if bound <= shortTextTokens {
            return [Token](unsafeUninitializedCapacity: bound) { buffer, count in
                forEachToken(bytes, positionsOnly: positionsOnly) { token in
                    if count < buffer.count {
                        buffer.initializeElement(at: count, to: token)
                        count += 1
                    }
                }
            }
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 5)
        forEachToken(bytes, positionsOnly: positionsOnly) { tokens.append($0) }
        return tokens
    }

    /// `tokenize(_:)` into `tokens`, reusing its storage: its old contents are dropped, its
    /// capacity kept (one document's utterances tokenised one after another allocate once).
    static func tokenize(_ bytes: [UInt8], into tokens: inout [Token]) {
        tokens.removeAll(keepingCapacity: true)
        forEachToken(bytes, positionsOnly: false) { tokens.append($0) }
    }

    /// Texts whose token bound is at most this are tokenised into a buffer of that bound.
    static let shortTextTokens = 4096

    /// Calls `body` with each word of `bytes` in order, as `tokenize` lists them.
    @inline(__always) static func forEachToken(_ bytes: [UInt8], positionsOnly: Bool, _ body: (Token) -> Void) {
        var cursor = TokenCursor(bytes)
        var lastEnd = -1
        while let (start, word, line) = cursor.nextWord() {
            if positionsOnly {
                body(leanToken(start, word, line))
            } else {
                let first = bytes[start]
                // Most words: ASCII, after a space after a letter (no sentence start).
                let midSentence = start >= 2 && bytes[start - 1] == 0x20 && isASCIILetter(bytes[start - 2])
                body(
                    Token(
                        start: start, end: word.end, hash: word.hash,
                        capitalised: first < 0x80 ? first >= 0x41 && first <= 0x5A : isUppercaseScalar(bytes, start),
                        allCaps: !(first >= 0x61 && first <= 0x7A) && asciiCapitalsOnly(bytes, start, word.next)
                            && !hasNonASCIILower(bytes, start, word.end),
                        hasDigit: word.hasDigit, allDigits: word.hasDigit && !word.hasLetter, hasLetter: word.hasLetter,
                        sentenceStart: !midSentence && isSentenceStart(bytes, start, previousEnd: lastEnd),
                        line: line))
            }
            lastEnd = word.next
        }
    }

    /// A token with its span, hash, digit/letter facts and line only.
    @inline(__always) static func leanToken(_ start: Int, _ word: WordScan, _ line: Int) -> Token {
        Token(
            start: start, end: word.end, hash: word.hash, capitalised: false, allCaps: false, hasDigit: word.hasDigit,
            allDigits: word.hasDigit && !word.hasLetter, hasLetter: word.hasLetter, sentenceStart: false, line: line)
    }

    /// One word read from a word character: its core end (possessive excluded), where reading
    /// resumes, its folded hash and what it holds.
    struct WordScan {
        var end: Int
        var next: Int
        var hash: UInt64
        var hasDigit = false
        var hasLetter = false
    }

    /// Reads the word starting at `start` (a word character).
    @inline(__always) static func scanWord(_ bytes: [UInt8], at start: Int) -> WordScan {
        let n = bytes.count
        var h = fnvOffset
        var j = start
        var word = WordScan(end: start, next: start, hash: 0)
        var apostropheAt = -1
        while j < n {
            let b = bytes[j]
            if b < 0x80 {
                // ASCII letters and digits fold by setting 0x20 (digits have it already).
                if isASCIILetter(b) {
                    word.hasLetter = true
                    h = mix(h, b | 0x20)
                    j += 1
                    continue
                }
                if isASCIIDigit(b) {
                    word.hasDigit = true
                    h = mix(h, b)
                    j += 1
                    continue
                }
            }
            let w = wordWidth(bytes, j)
            if w > 0 {
                if b >= 0x30 && b <= 0x39 { word.hasDigit = true } else { word.hasLetter = true }
                for k in j..<(j + w) where k < n { h = mix(h, fold(bytes, k)) }
                // A lead byte cut off at the end (bytes sliced mid-character) ends at the end.
                j = min(j + w, n)
                continue
            }
            // Inner apostrophe or hyphen between word characters.
            if let (folded, aw) = foldApostrophe(bytes, j), j + aw < n, wordWidth(bytes, j + aw) > 0 {
                apostropheAt = j
                h = mix(h, folded)
                j += aw
                continue
            }
            if b == 0x2D, j + 1 < n, wordWidth(bytes, j + 1) > 0 {
                h = mix(h, 0x2D)
                j += 1
                continue
            }
            break
        }
        word.end = j
        word.next = j
        word.hash = h
        // Keep possessives and contractions out of the core.
        if apostropheAt > start {
            let aw = bytes[apostropheAt] == 0x27 ? 1 : 3
            // `'s`, `'m`, `'d`, `'ve`, `'ll`, `'re` in either case, read in place.
            let tail = apostropheAt + aw
            let first = tail < j ? bytes[tail] | 0x20 : 0
            let second = tail + 1 < j ? bytes[tail + 1] | 0x20 : 0
            let one = j - tail == 1 && (first == 0x73 || first == 0x6D || first == 0x64)
            let two = j - tail == 2 && (first == 0x76 && second == 0x65 || first == 0x6C && second == 0x6C || first == 0x72 && second == 0x65)
            if one || two {
                word.end = apostropheAt
                word.hash = hash(bytes, start, apostropheAt)
            }
        }
        return word
    }

    /// A straight or curly opening quote right before `start`, itself after a blank, bracket or the
    /// text start.
    static func opensQuotation(_ bytes: [UInt8], _ start: Int) -> Bool {
        var q = start - 1
        guard q >= 0 else { return false }
        if bytes[q] == 0x22 || bytes[q] == 0x27 {
            q -= 1
        } else if q >= 2, bytes[q - 2] == 0xE2, bytes[q - 1] == 0x80, bytes[q] == 0x9C || bytes[q] == 0x98 {
            q -= 3
        } else {
            return false
        }
        guard q >= 0 else { return true }
        let b = bytes[q]
        return b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x28 || b == 0x5B
    }

    /// `hh:mm` or `hh:mm:ss` ending at `k`, standing alone (after a blank, `[` or the text start).
    static func endsClockTime(_ bytes: [UInt8], _ k: Int) -> Bool {
        var j = k
        var parts = 1
        var partLength = 0
        while j >= 0 {
            let b = bytes[j]
            if b >= 0x30 && b <= 0x39 {
                partLength += 1
            } else if b == 0x3A {
                guard partLength == 2 else { return false }
                parts += 1
                partLength = 0
            } else {
                break
            }
            j -= 1
        }
        guard parts == 2 || parts == 3, partLength == 1 || partLength == 2 else { return false }
        return j < 0 || bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x09 || bytes[j] == 0x5B
    }

    /// At least two ASCII capitals and no ASCII small letter in `bytes[start..<end]` (a word with
    /// its possessive): the ASCII half of `Token.allCaps`, counted only for words that do not start
    /// with a small letter.
    static func asciiCapitalsOnly(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var upper = 0
        for k in start..<end {
            let b = bytes[k]
            if b >= 0x61 && b <= 0x7A { return false }
            if b >= 0x41 && b <= 0x5A { upper += 1 }
        }
        return upper >= 2
    }

    static func hasNonASCIILower(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var k = start
        while k < end {
            if bytes[k] >= 0xC0 && isLowercaseScalar(bytes, k) { return true }
            k += 1
        }
        return false
    }

    /// True when nothing but spaces and opening quotes/brackets separate `start` from the text start,
    /// a sentence end (`. ! ? : ;`, bullet, dash, `]`, `.)`), a blank line, a line end after
    /// punctuation, or a clock time (`08:40  Arrive`, field notes whose lines ingest joined).
    static func isSentenceStart(_ bytes: [UInt8], _ start: Int, previousEnd: Int) -> Bool {
        var k = start - 1
        var newlines = 0
        while k >= 0 {
            let b = bytes[k]
            switch b {
            case 0x29 where k > 0 && (bytes[k - 1] == 0x2E || bytes[k - 1] == 0x21 || bytes[k - 1] == 0x3F):  // .) !) ?)
                return true
            case 0x30...0x39 where newlines == 0 && endsClockTime(bytes, k):
                return true
            case 0x20, 0x09, 0x0D, 0x22, 0x27, 0x28, 0x5B, 0x2A, 0x23, 0x3E:  // space tab CR " ' ( [ * # >
                k -= 1
                continue
            case 0x0A:
                newlines += 1
                k -= 1
                continue
            case 0x2E, 0x21, 0x3F, 0x3A, 0x3B, 0x5D, 0x7C:  // . ! ? : ; ] |
                return true
            case 0x2D:  // a hyphen bullet or dash after a line end
                return newlines > 0 || (k > 0 && bytes[k - 1] == 0x20)
            case 0x80...0xBF where k >= 2 && bytes[k - 2] == 0xE2 && bytes[k - 1] == 0x80:
                // U+2000 block: quotes are skipped; dashes, bullets, ellipsis end a clause.
                if b == 0x9C || b == 0x98 || b == 0x9D || b == 0x99 {
                    k -= 3
                    continue
                }
                if b == 0x93 || b == 0x94 || b == 0xA2 || b == 0xA6 { return true }
                return newlines >= 2
            default:
                if newlines >= 2 { return true }
                if newlines == 1 {
                    // A wrapped line continues the sentence after a letter or comma; after a digit
                    // (a timestamp line), a bracket or other punctuation a new line starts afresh.
                    let letter = wordWidth(bytes, k) > 0 && !(b >= 0x30 && b <= 0x39)
                    return !(letter || b == 0x2C)
                }
                return false
            }
        }
        return true
    }
}

/// Reads the words of a text one at a time, as `TextBytes.tokenize` lists them: the leak guard
/// streams a block's tokens instead of holding them all.
struct TokenCursor {
    let bytes: [UInt8]
    private var i = 0
    private var line = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next word: its start, what `TextBytes.scanWord` read, and its 0-based line.
    @inline(__always) mutating func nextWord() -> (start: Int, word: TextBytes.WordScan, line: Int)? {
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if !TextBytes.isASCIILetter(b) && !TextBytes.isASCIIDigit(b) {
                    if b == 0x0A { line += 1 }
                    i += 1
                    continue
                }
            } else if b < 0xC0 || TextBytes.wordWidth(bytes, i) == 0 {
                // No word starts at a continuation byte (the tail of `‘`, `“`, `—`, `«` before a
                // name): one inside a word is kept there by `scanWord`.
                if bytes[i] == 0x0A { line += 1 }
                i += 1
                continue
            }
            let start = i
            let word = TextBytes.scanWord(bytes, at: start)
            i = word.next
            return (start, word, line)
        }
        return nil
    }

    /// The next token with its span, hash and line (`tokenize(_:positionsOnly: true)`'s).
    @inline(__always) mutating func next() -> Token? {
        guard let (start, word, line) = nextWord() else { return nil }
        return TextBytes.leanToken(start, word, line)
    }
}
