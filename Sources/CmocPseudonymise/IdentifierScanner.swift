/// A span found by a detector before it becomes a `Detection` (byte offsets, no strings yet).
struct Candidate: Sendable {
    var start: Int
    var end: Int
    var kind: EntityKind
    var source: DetectionSource
    var participantID: String? = nil
    /// Normalised key (registry matches set it; heuristics leave it to the text).
    var canonical: String? = nil
    /// A street, address or organisation pattern (`14 Mill Lane`, `X Surgery`): wins over a
    /// registry first name or surname alone inside it.
    var strong = false
    /// Found after a title or cue (`Dr Hope`, `my neighbour Rose`, `called Will`).
    var cued = false
    var uncertain = false
    var reason: String? = nil
}

/// Direct identifiers found by byte and token patterns: email, URL, UK phone, NHS number (modulus 11),
/// postcode, National Insurance number, full dates. Street addresses come from `NameDetector`
/// (they need the street-suffix words).
enum IdentifierScanner {
    static func scan(_ bytes: [UInt8], _ tokens: [Token]) -> [Candidate] {
        var found: [Candidate] = []
        scanBytes(bytes, into: &found)
        scanTokens(bytes, tokens, into: &found)
        return found
    }

    // MARK: Byte patterns: email, URL, numbers

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }

    /// Bytes a byte pattern can be found at: `@` (email), `h`/`w` (URL), digits, `+` and `(` (phones,
    /// dates), as bits: bytes 0–63 in the first word, 64–127 in the second (none above).
    static let patternBits: (UInt64, UInt64) = {
        var bits: (UInt64, UInt64) = (0, 0)
        for b in 0..<128 where b == 0x40 || b == 0x68 || b == 0x48 || b == 0x77 || b == 0x57 || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x28 {
            if b < 64 { bits.0 |= 1 << UInt64(b) } else { bits.1 |= 1 << UInt64(b - 64) }
        }
        return bits
    }()

    /// Whether a byte pattern can start at byte `b` (`patternBits`).
    @inline(__always) static func isPatternByte(_ b: UInt8, _ bits: (UInt64, UInt64)) -> Bool {
        if b >= 0x80 { return false }
        let word = b < 64 ? bits.0 : bits.1
        return (word >> UInt64(b & 63)) & 1 != 0
    }

    /// Whether a URL can start at byte `k`, an `h` or `w` (either case): only where the next byte
    /// continues `ht…` or `ww…` (`url` returns nil for every other `h` and `w`: `he`, `we`, `what`).
    @inline(__always) static func mayStartURL(_ buffer: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        guard k + 1 < buffer.count else { return false }
        let second = buffer[k + 1] | 0x20
        return (buffer[k] | 0x20) == 0x68 ? second == 0x74 : second == 0x77
    }

    /// `b` in every byte of a word.
    @inline(__always) static func lanes(_ b: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(b) }

    /// The high bit of a byte of `v` below `n` (at most 128), possibly of some above it too: zero
    /// exactly when no byte is below `n`, as a borrow starts only at such a byte.
    @inline(__always) static func less(_ v: UInt64, _ n: UInt8) -> UInt64 {
        (v &- lanes(n)) & ~v & lanes(0x80)
    }

    /// Whether none of the 8 bytes at `p` can start a byte pattern, reading 9 bytes: no digit,
    /// `@`, `+` or `(`, no `h` before `t` and no `w` before `w` (either case). A superset of the
    /// skip loop's stops (which also want a word start), so a plain block is skipped exactly.
    @inline(__always) static func blockIsPlain(_ p: UnsafeRawPointer) -> Bool {
        let v = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        let next = UInt64(littleEndian: (p + 1).loadUnaligned(as: UInt64.self))
        let lower = v | lanes(0x20)
        let lowerNext = next | lanes(0x20)
        // Digits are 0-9 after `^ 0x30`, `@` is 0 after `^ 0x40`; `(` and `+` are 0 and 3 after
        // `^ 0x28` (with `)` and `*`, which only cost a look at the bytes); `ht` and `ww` leave
        // a zero byte where both bytes of the pair match.
        let signs = less(v ^ lanes(0x30), 10) | less(v ^ lanes(0x40), 1) | less(v ^ lanes(0x28), 4)
        let pairs = less((lower ^ lanes(0x68)) | (lowerNext ^ lanes(0x74)), 1) | less((lower ^ lanes(0x77)) | (lowerNext ^ lanes(0x77)), 1)
        return signs | pairs == 0
    }

    /// `prefilter` false: stop at every `h` and `w` starting a word, as before `mayStartURL` (the
    /// differential tests compare both).
    static func scanBytes(_ bytes: [UInt8], into found: inout [Candidate], prefilter: Bool = true) {
        let patternBits = IdentifierScanner.patternBits
        let n = bytes.count
        var i = 0
        while i < n {
            // Most bytes start no pattern: skip them on a pointer (i < n bounds every read), and
            // the pattern bytes other than `@` inside a word too (they start nothing below there),
            // and an `h` or `w` not followed by the second letter of `http` or `www` (the common
            // words `he`, `we`, `what`, `with`: `url` turns them all away).
            i = bytes.withUnsafeBufferPointer { buffer in
                var k = i
                while k < n {
                    // Eight bytes at a time where none can stop the loop below (most text).
                    if prefilter, k + 9 <= n, let base = buffer.baseAddress, blockIsPlain(UnsafeRawPointer(base + k)) {
                        k += 8
                        continue
                    }
                    let stop = min(n, k + 8)
                    while k < stop {
                        let c = buffer[k]
                        if isPatternByte(c, patternBits) && (c == 0x40 || k == 0 || !isAlnum(buffer[k - 1])) {
                            if !prefilter || c < 0x40 || (c | 0x20) != 0x68 && (c | 0x20) != 0x77 || mayStartURL(buffer, k) {
                                return k
                            }
                        }
                        k += 1
                    }
                }
                return k
            }
            guard i < n else { break }
            let b = bytes[i]
            if b == 0x40, let email = email(bytes, at: i) {  // @
                found.append(Candidate(start: email.0, end: email.1, kind: .email, source: .pattern))
                i = email.1
                continue
            }
            if (b == 0x68 || b == 0x48 || b == 0x77 || b == 0x57), i == 0 || !isAlnum(bytes[i - 1]),
                let end = url(bytes, at: i)
            {
                found.append(Candidate(start: i, end: end, kind: .url, source: .pattern))
                i = end
                continue
            }
            if (isDigit(b) || b == 0x2B || b == 0x28), i == 0 || !(isAlnum(bytes[i - 1]) || bytes[i - 1] == 0x2E && i > 1 && isDigit(bytes[i - 2])) {
                if let date = numericDate(bytes, at: i) {
                    found.append(Candidate(start: i, end: date, kind: .date, source: .pattern))
                    i = date
                    continue
                }
                if let number = phoneOrNHS(bytes, at: i) {
                    found.append(number)
                    i = number.end
                    continue
                }
                // A bracket or plus sign that starts no number is just that: what follows is read
                // afresh (a URL in brackets). Otherwise skip the rest of this number so its tail is
                // not read as a new one.
                if b == 0x28 || b == 0x2B {
                    i += 1
                    continue
                }
                var j = i + 1
                while j < n && (isAlnum(bytes[j])) { j += 1 }
                i = j
                continue
            }
            i += 1
        }
    }

    static func email(_ bytes: [UInt8], at: Int) -> (Int, Int)? {
        func local(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }
        var s = at
        while s > 0 && local(bytes[s - 1]) { s -= 1 }
        while s < at && bytes[s] == 0x2E { s += 1 }
        guard s < at else { return nil }
        var e = at + 1
        var lastDot = -1
        while e < bytes.count && (isAlnum(bytes[e]) || bytes[e] == 0x2D || bytes[e] == 0x2E) {
            if bytes[e] == 0x2E { lastDot = e }
            e += 1
        }
        while e > at + 1 && bytes[e - 1] == 0x2E { e -= 1 }
        if lastDot >= e { lastDot = -1; for k in (at + 1)..<e where bytes[k] == 0x2E { lastDot = k } }
        guard lastDot > at + 1, e - lastDot - 1 >= 2 else { return nil }
        return (s, e)
    }

    static let urlPrefixes: [[UInt8]] = ["http://", "https://", "www."].map { Array($0.utf8) }

    static func url(_ bytes: [UInt8], at i: Int) -> Int? {
        // `ht…` or `ww…`: most words starting with h or w end here.
        guard i + 3 < bytes.count else { return nil }
        let second = bytes[i + 1] | 0x20
        guard second == 0x74 || second == 0x77 else { return nil }
        func has(_ p: [UInt8]) -> Bool {
            guard i + p.count <= bytes.count else { return false }
            for k in 0..<p.count where (bytes[i + k] | 0x20) != p[k] { return false }
            return true
        }
        guard has(urlPrefixes[0]) || has(urlPrefixes[1]) || has(urlPrefixes[2]) else { return nil }
        var e = i
        while e < bytes.count {
            let b = bytes[e]
            if b <= 0x20 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x60 { break }
            e += 1
        }
        while e > i, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x5D, 0x27].contains(bytes[e - 1]) { e -= 1 }
        return e - i > 7 ? e : nil
    }

    /// `12/03/1957`, `12.03.57`, `12-03-1957`, `1957-03-12`.
    static func numericDate(_ bytes: [UInt8], at i: Int) -> Int? {
        // (value, digit count) of the three parts, kept in place (no array per number).
        var parts: ((Int, Int), (Int, Int), (Int, Int)) = ((0, 0), (0, 0), (0, 0))
        var partCount = 0
        var k = i
        var separator: UInt8 = 0
        while partCount < 3 {
            var value = 0
            var count = 0
            while k < bytes.count && isDigit(bytes[k]) && count < 5 {
                value = value * 10 + Int(bytes[k] - 0x30)
                count += 1
                k += 1
            }
            guard count > 0 else { return nil }
            switch partCount {
            case 0: parts.0 = (value, count)
            case 1: parts.1 = (value, count)
            default: parts.2 = (value, count)
            }
            partCount += 1
            if partCount == 3 { break }
            guard k < bytes.count else { return nil }
            let s = bytes[k]
            guard s == 0x2F || s == 0x2D || s == 0x2E else { return nil }
            if separator == 0 { separator = s } else if separator != s { return nil }
            k += 1
        }
        if k < bytes.count && (isAlnum(bytes[k])) { return nil }
        let (a, b, c) = parts
        if a.1 == 4 {  // ISO
            return b.1 <= 2 && c.1 <= 2 && (1...12).contains(b.0) && (1...31).contains(c.0) ? k : nil
        }
        guard a.1 <= 2, b.1 <= 2, c.1 == 2 || c.1 == 4 else { return nil }
        let dayMonth = (1...31).contains(a.0) && (1...12).contains(b.0)
        let monthDay = (1...12).contains(a.0) && (1...31).contains(b.0)
        // Two-digit years with dots are too often version numbers or times.
        if c.1 == 2 && separator == 0x2E { return nil }
        return dayMonth || monthDay ? k : nil
    }

    /// UK phone numbers (`01632 960 123`, `07700-900123`, `+44 (0)20 7946 0018`) and NHS numbers
    /// (10 digits, `943 476 5919` spacing allowed). An NHS-shaped number with a bad check digit is
    /// still replaced, as uncertain.
    static func phoneOrNHS(_ bytes: [UInt8], at i: Int) -> Candidate? {
        // Digit count and end offset per group, on the stack: no arrays per number. A group has a
        // digit; groups continue only while at most 13 digits are read (a `(0)` group excepted,
        // once before each further group), so there are at most 15, and 16 with `+44`.
        withUnsafeTemporaryAllocation(of: (count: Int, end: Int).self, capacity: maxPhoneGroups) { groups in
            phoneOrNHS(bytes, at: i, groups)
        }
    }

    /// Room for `phoneOrNHS`'s groups (16 at most, see there).
    static let maxPhoneGroups = 20

    static func phoneOrNHS(_ bytes: [UInt8], at i: Int, _ groups: UnsafeMutableBufferPointer<(count: Int, end: Int)>) -> Candidate? {
        var groupCount = 0
        // The digits read: how many, and the first (what the checks below need of them).
        var digitCount = 0
        var firstDigit: UInt8 = 0
        var k = i
        var international = false
        if bytes[k] == 0x2B {
            guard k + 2 < bytes.count, bytes[k + 1] == 0x34, bytes[k + 2] == 0x34 else { return nil }
            international = true
            k += 3
            if k + 1 < bytes.count && bytes[k] == 0x20 && (isDigit(bytes[k + 1]) || bytes[k + 1] == 0x28) { k += 1 }
            groups[0] = (0, k)
            groupCount = 1
        }
        var openParen = false
        while k < bytes.count && groupCount < groups.count {
            var j = k
            if bytes[j] == 0x28 { openParen = true; j += 1 }
            var count = 0
            while j < bytes.count && isDigit(bytes[j]) {
                if digitCount == 0 { firstDigit = bytes[j] }
                digitCount += 1
                count += 1
                j += 1
            }
            if count == 0 { break }
            var closedParen = false
            if openParen && j < bytes.count && bytes[j] == 0x29 {
                openParen = false
                closedParen = true
                j += 1
            }
            groups[groupCount] = (count, j)
            groupCount += 1
            k = j
            if closedParen && k < bytes.count && isDigit(bytes[k]) { continue }  // (0)113 496…
            guard digitCount <= 13, k < bytes.count else { break }
            // One separator (space or dash), or a space after a closing bracket.
            let s = bytes[k]
            if (s == 0x20 || s == 0x2D) && k + 1 < bytes.count && (isDigit(bytes[k + 1]) || bytes[k + 1] == 0x28) {
                k += 1
                continue
            }
            break
        }
        // Try the longest run of groups that makes a phone or NHS number.
        var total = digitCount
        var g = groupCount
        while g > 0 {
            let end = groups[g - 1].end
            let followedByWord = end < bytes.count && isAlnum(bytes[end])
            if !followedByWord {
                // The first `total` digits read: `firstDigit` leads them when there are any.
                if international {
                    let national = total > 0 && firstDigit == 0x30 ? total - 1 : total  // +44 (0)…
                    if (9...10).contains(national) {
                        return Candidate(start: i, end: end, kind: .phone, source: .pattern)
                    }
                } else if firstDigit == 0x30 && (total == 10 || total == 11) {
                    return Candidate(start: i, end: end, kind: .phone, source: .pattern)
                } else if total == 10 {
                    if g == 1 && groups[0].count == 10 || g == 3 && groups[0].count == 3 && groups[1].count == 3 && groups[2].count == 4 {
                        // The groups' digits are the digit bytes from `i` to `end` (the rest are
                        // separators and brackets).
                        let valid = nhsCheckDigitValid(bytes, from: i, to: end)
                        return Candidate(
                            start: i, end: end, kind: .nhsNumber, source: .pattern, uncertain: !valid,
                            reason: valid ? nil : "10-digit number with an invalid NHS check digit")
                    }
                }
            }
            total -= groups[g - 1].count
            g -= 1
        }
        return nil
    }

    /// `nhsCheckDigitValid` of the digit bytes of `bytes[from..<to]`.
    static func nhsCheckDigitValid(_ bytes: [UInt8], from: Int, to: Int) -> Bool {
        var digits: (UInt64, Int) = (0, 0)  // up to ten digits, packed four bits each
        for k in from..<to where isDigit(bytes[k]) {
            guard digits.1 < 10 else { return false }
            digits.0 |= UInt64(bytes[k] - 0x30) << UInt64(4 * digits.1)
            digits.1 += 1
        }
        guard digits.1 == 10 else { return false }
        var sum = 0
        for index in 0..<9 { sum += Int((digits.0 >> UInt64(4 * index)) & 0xF) * (10 - index) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == Int((digits.0 >> 36) & 0xF)
    }

    /// Modulus 11 over ten ASCII digits: weights 10…2 on the first nine; 11 - (sum mod 11) is the
    /// check digit, 11 means 0 and 10 means the number is invalid.
    static func nhsCheckDigitValid(_ digits: [UInt8]) -> Bool {
        guard digits.count == 10 else { return false }
        var sum = 0
        for index in 0..<9 { sum += Int(digits[index] - 0x30) * (10 - index) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == Int(digits[9] - 0x30)
    }

    // MARK: Token patterns: textual dates, postcodes, NI numbers

    /// Month names and ordinal day words (`the third of July, 1951`, as dates of birth are read out).
    static let dateWords: DateWords = {
        let months = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        ]
        let units = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
        let teens = [
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth", "thirtieth",
        ]
        let tens = units.map { "twenty-\($0)" } + ["thirty-first"]
        var words = DateWords()
        for word in months { words.add(word, DateWords.month) }
        for word in units + teens + tens { words.add(word, DateWords.ordinal) }
        return words
    }()

    /// A table of words as bits (`month`, `ordinal`), with a first-two-letters filter so most
    /// tokens are turned away without a hash look-up. The words are lower-case ASCII letters (and
    /// hyphens), at least three long.
    struct DateWords: Sendable {
        static let month: UInt8 = 1
        static let ordinal: UInt8 = 2
        private var table = WordTable<UInt8>(capacity: 64)
        /// Per first letter `a`-`z`: a bit per second letter some word starts with.
        private var starts = [UInt32](repeating: 0, count: 26)
        /// The words' hashes: most words passing `starts` (`the`, `for`, `make`) stop here.
        private var hashes = HashFilter()

        mutating func add(_ word: String, _ bit: UInt8) {
            let bytes = Array(word.utf8)
            starts[Int(bytes[0] - 0x61)] |= 1 << UInt32(bytes[1] - 0x61)
            table.update(TextBytes.hash(word)) { ($0 ?? 0) | bit }
            hashes.insert(TextBytes.hash(word))
        }

        /// The bits of the word `token` is, 0 when it is none.
        @inline(__always) func bits(_ bytes: [UInt8], _ token: Token) -> UInt8 {
            guard token.length >= 3, !token.hasDigit else { return 0 }
            let a = bytes[token.start] | 0x20
            let b = bytes[token.start + 1] | 0x20
            guard a >= 0x61, a <= 0x7A, b >= 0x61, b <= 0x7A, starts[Int(a - 0x61)] & (1 << UInt32(b - 0x61)) != 0 else {
                return 0
            }
            return hashes.mayContain(token.hash) ? table[token.hash] ?? 0 : 0
        }
    }

    static let ofHash = TextBytes.hash("of")

    /// Tokens after the first of a token pattern that may hold its first digit: a textual date's
    /// year comes at most three tokens after its first (`third of July, 1951`), an NI number's
    /// digits at most two (`A B 123456 C`); a postcode's first token has a digit itself.
    static let digitReach = 3

    /// `prefilter` false: try every token, as before the digit window (the differential tests
    /// compare both).
    static func scanTokens(_ bytes: [UInt8], _ tokens: [Token], into found: inout [Candidate], prefilter: Bool = true) {
        let dateWords = IdentifierScanner.dateWords
        let reach = prefilter ? digitReach : tokens.count
        // Every token pattern has an ASCII digit (a date's day or year, a postcode's district,
        // an NI number's six): skip to `digitReach` tokens before the next token holding one (most
        // texts have none, and are done after this one pass over the tokens' flags).
        var nextDigit = 0
        var t = 0
        while t < tokens.count {
            if nextDigit < t { nextDigit = t }
            while nextDigit < tokens.count && !tokens[nextDigit].hasDigit { nextDigit += 1 }
            if nextDigit == tokens.count && prefilter { break }
            if nextDigit - t > reach { t = nextDigit - reach }
            let token = tokens[t]
            // A date starts with a day number, an ordinal word or a month.
            if isDigit(bytes[token.start]) || dateWords.bits(bytes, token) != 0, let end = textualDate(bytes, tokens, t, dateWords) {
                found.append(Candidate(start: token.start, end: end.1, kind: .date, source: .pattern))
                t = end.0
                continue
            }
            if token.hasLetter, token.hasDigit || token.length == 2 || token.length == 1 {
                // Every postcode shape has a digit in its first token.
                if token.hasDigit, let (next, end) = postcode(bytes, tokens, t) {
                    found.append(Candidate(start: token.start, end: end, kind: .postcode, source: .pattern))
                    t = next
                    continue
                }
                if let (next, end) = niNumber(bytes, tokens, t) {
                    found.append(Candidate(start: token.start, end: end, kind: .niNumber, source: .pattern))
                    t = next
                    continue
                }
            }
            t += 1
        }
    }

    /// Only spaces, commas or a single line end between two tokens.
    static func gapIsSpace(_ bytes: [UInt8], _ a: Token, _ b: Token, commas: Bool = false) -> Bool {
        var k = a.end
        // Possessive/contraction tails belong to the first token.
        while k < b.start {
            let c = bytes[k]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || (commas && c == 0x2C) { k += 1; continue }
            return false
        }
        return b.start - a.end <= 4 && b.start > a.end
    }

    /// A day token: 1–31 with an optional ordinal suffix (`12`, `12th`).
    static func dayValue(_ bytes: [UInt8], _ token: Token) -> Int? {
        var value = 0
        var k = token.start
        while k < token.end && isDigit(bytes[k]) && k - token.start < 3 { value = value * 10 + Int(bytes[k] - 0x30); k += 1 }
        if k < token.end && isDigit(bytes[k]) { return nil }
        let digits = k - token.start
        guard digits >= 1 && digits <= 2, (1...31).contains(value) else { return nil }
        if k == token.end { return value }
        guard token.end - k == 2 else { return nil }
        let suffix = (bytes[k] | 0x20, bytes[k + 1] | 0x20)
        let ok = suffix == (0x73, 0x74) || suffix == (0x6E, 0x64) || suffix == (0x72, 0x64) || suffix == (0x74, 0x68)  // st nd rd th
        return ok ? value : nil
    }

    static func isYear(_ token: Token) -> Bool { token.allDigits && token.length == 4 }

    /// `12 March 1957`, `12th of March, 1957`, `third of July, 1951`, `March 12th, 1957`, `12 Mar 57`.
    /// Returns (next token, end byte).
    static func textualDate(_ bytes: [UInt8], _ tokens: [Token], _ t: Int, _ dateWords: DateWords) -> (Int, Int)? {
        let a = tokens[t]
        func isMonth(_ token: Token) -> Bool { dateWords.bits(bytes, token) & DateWords.month != 0 }
        let word = dateWords.bits(bytes, a)
        if word & DateWords.ordinal != 0 || dayValue(bytes, a) != nil {
            var m = t + 1
            guard m < tokens.count, gapIsSpace(bytes, a, tokens[m]) else { return nil }
            if tokens[m].hash == ofHash, m + 1 < tokens.count { m += 1 }
            guard isMonth(tokens[m]), m + 1 < tokens.count,
                gapIsSpace(bytes, tokens[m], tokens[m + 1], commas: true)
            else { return nil }
            let y = tokens[m + 1]
            guard isYear(y) || (y.allDigits && y.length == 2) else { return nil }
            return (m + 2, y.end)
        }
        if word & DateWords.month != 0, a.capitalised, t + 2 < tokens.count {
            let d = tokens[t + 1]
            let y = tokens[t + 2]
            guard dayValue(bytes, d) != nil, gapIsSpace(bytes, a, d), gapIsSpace(bytes, d, y, commas: true), isYear(y)
            else { return nil }
            return (t + 3, y.end)
        }
        return nil
    }

    /// Upper-case letters and digits of a token, or nil when it has anything else.
    static func shape(_ bytes: [UInt8], _ token: Token) -> [UInt8]? {
        var out: [UInt8] = []
        for k in token.start..<token.end {
            let b = bytes[k]
            if isDigit(b) { out.append(0x39) } else if b >= 0x41 && b <= 0x5A { out.append(0x41) } else if b >= 0x61 && b <= 0x7A {
                out.append(0x61)
            } else { return nil }
        }
        return out
    }

    static let outwardShapes: Set<[UInt8]> = Set(["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].map { Array($0.utf8) })

    /// `LS1 4AB`, `SW1A 1AA`, `M1 1AE`, unspaced `LS14AB`; lower case only when spaced (`ls1 4ab`).
    static func postcode(_ bytes: [UInt8], _ tokens: [Token], _ t: Int) -> (Int, Int)? {
        guard let first = shape(bytes, tokens[t]) else { return nil }
        let upper = first.map { $0 == 0x61 ? 0x41 : $0 }
        let lowerCase = first.contains(0x61)
        if lowerCase && first.contains(0x41) { return nil }
        if outwardShapes.contains(upper), t + 1 < tokens.count {
            let next = tokens[t + 1]
            if next.start - tokens[t].end == 1, bytes[tokens[t].end] == 0x20, let second = shape(bytes, next) {
                let inward = second.map { $0 == 0x61 ? 0x41 : $0 }
                let sameCase = lowerCase == second.contains(0x61) && !(second.contains(0x61) && second.contains(0x41))
                if inward == Array("9AA".utf8) && sameCase { return (t + 2, next.end) }
            }
        }
        if !lowerCase && upper.count >= 5 {
            let outward = Array(upper.dropLast(3))
            if outwardShapes.contains(outward) && Array(upper.suffix(3)) == Array("9AA".utf8) { return (t + 1, tokens[t].end) }
        }
        return nil
    }

    static let badNIPrefixes: Set<[UInt8]> = Set(["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].map { Array($0.utf8) })

    /// `AB123456C`, `AB 12 34 56 C`, `AB 123456 C` (upper case).
    static func niNumber(_ bytes: [UInt8], _ tokens: [Token], _ t: Int) -> (Int, Int)? {
        // The prefix's first letter is an upper-case ASCII letter (checked in full below).
        let lead = bytes[tokens[t].start]
        guard lead >= 0x41 && lead <= 0x5A, tokens[t].length <= 9 else { return nil }
        // The first token's own characters: a second capital, then digits (`My`, `GPs` stop here).
        let head = tokens[t]
        if head.length >= 2 && !(bytes[head.start + 1] >= 0x41 && bytes[head.start + 1] <= 0x5A) { return nil }
        if head.length >= 3 && !isDigit(bytes[head.start + 2]) { return nil }
        // Tokens joined by single spaces, up to nine characters; copied only when exactly nine.
        var count = 0
        var u = t
        var end = tokens[t].end
        while u < tokens.count && count < 9 {
            let token = tokens[u]
            if u > t && !(token.start - end == 1 && bytes[end] == 0x20) { break }
            count += token.length
            end = token.end
            u += 1
            if count >= 9 { break }
        }
        guard count == 9 else { return nil }
        // The nine characters in place: two capitals, six digits, then A-D.
        var position = 0
        var prefix: (UInt8, UInt8) = (0, 0)
        for token in tokens[t..<u] {
            for k in token.start..<token.end {
                let c = bytes[k]
                switch position {
                case 0, 1:
                    guard c >= 0x41 && c <= 0x5A else { return nil }
                    if position == 0 { prefix.0 = c } else { prefix.1 = c }
                case 2...7: guard isDigit(c) else { return nil }
                default: guard c >= 0x41 && c <= 0x44 else { return nil }
                }
                position += 1
            }
        }
        guard !badNIPrefixes.contains([prefix.0, prefix.1]), !"DFIUV".utf8.contains(prefix.0), !"DFIOUV".utf8.contains(prefix.1)
        else { return nil }
        if end < bytes.count && isAlnum(bytes[end]) { return nil }
        return (u, end)
    }
}
