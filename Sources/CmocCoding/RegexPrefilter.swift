/// What a text must contain for a codebook regex to have any chance of matching, worked out from
/// the pattern, so most turns skip the regex engine (ICU, case-insensitive, through UTF-16: the
/// costliest step of coding when a codebook has a regex rule).
///
/// The result is a list of requirements, all of which must hold; each requirement is a set of
/// ASCII strings, at least one of which must occur in the text (ignoring ASCII case). It is
/// sound by construction: only the plain subset of the syntax is understood (literals, escaped
/// punctuation, `\b \d \s \w .` and bracket classes, groups, alternation, quantifiers); a pattern
/// with anything else (look-arounds, back-references, inline flags, `\Q`, `\p`, code points,
/// non-ASCII literals) gets no requirement and is always run.
struct RegexPrefilter: Sendable, Hashable {
    /// All must hold; each holds when the text contains one of its strings (lowercase ASCII).
    let requirements: [[[UInt8]]]
    /// For each string of `requirements`, the position of its rarest byte (``anchor(of:)``).
    let anchors: [[Int]]

    init(pattern: String) {
        var parser = Parser(bytes: Array(pattern.utf8))
        guard let node = parser.alternation(), parser.atEnd else {
            requirements = []
            anchors = []
            return
        }
        // The most selective first, so most turns fail on the first scan: a single string before a
        // choice of several, a longer string before a shorter one.
        requirements = Self.conjunction(of: node).sorted { a, b in
            (a.count, -Self.weakest(a)) < (b.count, -Self.weakest(b))
        }
        anchors = requirements.map { $0.map(Self.anchor(of:)) }
    }

    /// Whether `text` (UTF-8) meets every requirement (always, when it holds a character that
    /// case-insensitive matching could fold to ASCII letters).
    func admits(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if requirements.isEmpty || Self.mayFoldToASCII(text) { return true }
        for (r, alternatives) in requirements.enumerated()
        where !alternatives.indices.contains(where: { Self.contains(text, alternatives[$0], anchor: anchors[r][$0]) }) {
            return false
        }
        return true
    }

    /// Letters from the most to the least frequent in English text.
    private static let letterFrequency = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)

    /// The position of the byte of `needle` least likely to occur in text (a space is the most
    /// likely, then letters by English frequency; digits and punctuation are rarer), so that a
    /// search looks for it first and seldom has to compare the rest.
    static func anchor(of needle: [UInt8]) -> Int {
        func rarity(_ byte: UInt8) -> Int {
            if byte == 0x20 { return 0 }
            if let rank = letterFrequency.firstIndex(of: byte) { return 1 + rank }
            return byte >= 0x30 && byte <= 0x39 ? 15 : 20
        }
        var best = 0
        for k in needle.indices where rarity(needle[k]) > rarity(needle[best]) { best = k }
        return best
    }

    /// `needle` (lowercase ASCII) occurs in `text`, ignoring ASCII case; `anchor` is a position
    /// in `needle` (any; the rarest byte is fastest).
    ///
    /// Fast path: candidate places are found by looking for the anchor byte eight text bytes at a
    /// time (a block without it is skipped whole); each place is then compared byte by byte.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], anchor: Int) -> Bool {
        guard !needle.isEmpty else { return true }
        guard text.count >= needle.count, let base = text.baseAddress else { return false }
        let key = needle[anchor]
        // A lower-case letter also matches its capital (one OR); anything else matches itself.
        let fold: UInt8 = key >= 0x61 && key <= 0x7A ? 0x20 : 0
        /// Whether the needle starts at `start`.
        func matches(at start: Int) -> Bool {
            var k = 0
            while k < needle.count, lower(text[start + k]) == needle[k] { k += 1 }
            return k == needle.count
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let keys = ones &* UInt64(key)
        let folds = ones &* UInt64(fold)
        // The needle's byte next to the anchor (after it, else before it; the anchor itself for a
        // one-byte needle) is checked in the same block too: a place needs both, which is much rarer
        // than the anchor alone, so few places are compared in full.
        let d = anchor + 1 < needle.count ? 1 : (anchor > 0 ? -1 : 0)
        let key2 = needle[anchor + d]
        let keys2 = ones &* UInt64(key2)
        let folds2 = ones &* UInt64(key2 >= 0x61 && key2 <= 0x7A ? 0x20 : 0)
        let raw = UnsafeRawPointer(base)
        // The anchor byte of a match starting at `s` is at `s + anchor`, for s in 0...text.count - needle.count.
        let lastPlace = text.count - needle.count + anchor
        var i = anchor
        while i <= lastPlace {
            if i + max(d, 0) + 8 <= text.count {
                let y = (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) | folds) ^ keys
                let y2 = (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i + d, as: UInt64.self)) | folds2) ^ keys2
                // High bit set exactly in each byte equal to the key (after folding) whose neighbour
                // (at `d`) equals the second key.
                let found = ~(((y & lows) &+ lows) | y | lows) & ~(((y2 & lows) &+ lows) | y2 | lows)
                // Only the places the key was found at are compared (lowest first), not all eight.
                var places = found
                while places != 0 {
                    let j = i + places.trailingZeroBitCount >> 3
                    if j > lastPlace { break }
                    if matches(at: j - anchor) { return true }
                    places &= places &- 1
                }
                i += 8
                continue
            }
            if text[i] | fold == key && matches(at: i - anchor) { return true }
            i += 1
        }
        return false
    }

    /// Whether `text` holds one of the twenty non-ASCII characters whose case mappings contain
    /// ASCII letters (ß, İ, ı, ŉ, ſ, ǰ, ẖ–ẚ, ẞ, the Kelvin sign, the ﬀ–ﬆ ligatures): a case-insensitive
    /// regex may match them where an ASCII check would not.
    static func mayFoldToASCII(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = text.count
        guard let base = text.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        while i + 1 < n {
            // Fast path: eight ASCII bytes (no high bit) hold none of these characters.
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = text[i]
            if lead < 0xC3 {
                i += 1
                continue
            }
            let b1 = text[i + 1]
            switch lead {
            case 0xC3 where b1 == 0x9F: return true  // ß
            case 0xC4 where b1 == 0xB0 || b1 == 0xB1: return true  // İ ı
            case 0xC5 where b1 == 0x89 || b1 == 0xBF: return true  // ŉ ſ
            case 0xC7 where b1 == 0xB0: return true  // ǰ
            case 0xE1 where b1 == 0xBA && i + 2 < n && ((0x96...0x9A).contains(text[i + 2]) || text[i + 2] == 0x9E):
                return true  // ẖ ẗ ẘ ẙ ẚ ẞ
            case 0xE2 where b1 == 0x84 && i + 2 < n && text[i + 2] == 0xAA: return true  // Kelvin sign
            case 0xEF where b1 == 0xAC && i + 2 < n && (0x80...0x86).contains(text[i + 2]): return true  // ﬀ–ﬆ
            default: break
            }
            i += 1
        }
        return false
    }

    fileprivate static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    // MARK: Pattern analysis

    /// The plain subset of regex syntax, as a tree.
    indirect enum Node: Equatable {
        /// One literal character (lowercased ASCII).
        case char(UInt8)
        /// Any one character of a class (`\d`, `.`, `[…]`): contributes no literal.
        case anyChar
        /// A zero-width assertion (`\b`, `^`, `$`): matches no text.
        case empty
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, minimum: Int)
    }

    /// Strings at least one of which every match of `node` contains; nil when nothing is known.
    /// Returned only when all are at least two bytes long (shorter ones filter nothing).
    static func necessary(_ node: Node) -> [[UInt8]]? {
        switch node {
        case .char, .anyChar, .empty: return nil
        case .repeated(let inner, let minimum): return minimum >= 1 ? necessary(inner) : nil
        case .alternation(let branches):
            var all: [[UInt8]] = []
            for branch in branches {
                guard let strings = necessary(branch) else { return nil }
                all += strings
            }
            return all.isEmpty ? nil : Array(Set(all)).sorted { $0.lexicographicallyPrecedes($1) }
        case .sequence:
            return conjunction(of: node).max { weakest($0) < weakest($1) }
        }
    }

    /// Requirements that all hold for a match of `node`: for a sequence, its literal runs and the
    /// requirements of its parts; otherwise `necessary(node)` alone.
    static func conjunction(of node: Node) -> [[[UInt8]]] {
        guard case .sequence(let items) = node else { return necessary(node).map { [$0] } ?? [] }
        var result: [[[UInt8]]] = []
        var run: [UInt8] = []
        func endRun() {
            if run.count >= 2 { result.append([run]) }
            run = []
        }
        for item in items {
            switch item {
            case .char(let byte): run.append(byte)
            case .repeated(.char(let byte), let minimum) where minimum >= 1:
                // `a+`: at least one `a` continues the run; what follows may be more `a`s.
                run.append(byte)
                endRun()
            default:
                endRun()
                if let strings = necessary(item) { result.append(strings) }
            }
        }
        endRun()
        return result.filter { $0.allSatisfy { $0.count >= 2 } }
    }

    /// How selective a requirement is: the length of its shortest string.
    private static func weakest(_ strings: [[UInt8]]) -> Int { strings.map(\.count).min() ?? 0 }

    /// A recursive-descent reader of the plain subset; nil (and the caller gives up) on anything else.
    struct Parser {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at >= bytes.count }

        mutating func alternation() -> Node? {
            var branches: [Node] = []
            guard let first = sequence() else { return nil }
            branches.append(first)
            while at < bytes.count, bytes[at] == UInt8(ascii: "|") {
                at += 1
                guard let next = sequence() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() -> Node? {
            var items: [Node] = []
            while at < bytes.count, bytes[at] != UInt8(ascii: "|"), bytes[at] != UInt8(ascii: ")") {
                guard let atom = atom() else { return nil }
                guard let quantified = quantifier(atom) else { return nil }
                items.append(quantified)
            }
            return .sequence(items)
        }

        mutating func atom() -> Node? {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "("):
                // Only plain and non-capturing groups; `(?=`, `(?<`, `(?i)`… are outside the subset.
                if at < bytes.count, bytes[at] == UInt8(ascii: "?") {
                    guard at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: ":") else { return nil }
                    at += 2
                }
                guard let inner = alternation(), at < bytes.count, bytes[at] == UInt8(ascii: ")") else { return nil }
                at += 1
                return inner
            case UInt8(ascii: "["):
                return bracketClass()
            case UInt8(ascii: "."):
                return .anyChar
            case UInt8(ascii: "^"), UInt8(ascii: "$"):
                return .empty
            case UInt8(ascii: "\\"):
                return escape()
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                UInt8(ascii: "]"):
                return nil
            default:
                // ASCII letters, digits, space and punctuation stand for themselves; anything else
                // (non-ASCII, control characters) is outside the subset.
                guard byte >= 0x20, byte < 0x7F else { return nil }
                return .char(RegexPrefilter.lower(byte))
            }
        }

        mutating func escape() -> Node? {
            guard at < bytes.count else { return nil }
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "b"), UInt8(ascii: "B"): return .empty
            case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "w"),
                UInt8(ascii: "W"):
                return .anyChar
            default:
                // An escaped punctuation mark is itself; escaped letters and digits mean other things.
                let punctuation = Array(#".^$|?*+()[]{}\/-'"#.utf8) + [0x20]
                guard punctuation.contains(byte) else { return nil }
                return .char(byte)
            }
        }

        /// `[…]` as one character of unknown value; nested or POSIX classes are outside the subset.
        mutating func bracketClass() -> Node? {
            if at < bytes.count, bytes[at] == UInt8(ascii: "^") { at += 1 }
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1 }
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "]"): return .anyChar
                case UInt8(ascii: "["): return nil
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    at += 1
                default: continue
                }
            }
            return nil
        }

        mutating func quantifier(_ atom: Node) -> Node? {
            guard at < bytes.count else { return atom }
            var minimum: Int
            switch bytes[at] {
            case UInt8(ascii: "*"): minimum = 0; at += 1
            case UInt8(ascii: "?"): minimum = 0; at += 1
            case UInt8(ascii: "+"): minimum = 1; at += 1
            case UInt8(ascii: "{"):
                at += 1
                var digits = 0
                minimum = 0
                while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 {
                    minimum = min(minimum * 10 + Int(bytes[at] - 0x30), 1_000)
                    digits += 1
                    at += 1
                }
                guard digits > 0 else { return nil }
                while at < bytes.count, bytes[at] != UInt8(ascii: "}") {
                    guard bytes[at] == UInt8(ascii: ",") || (bytes[at] >= 0x30 && bytes[at] <= 0x39) else { return nil }
                    at += 1
                }
                guard at < bytes.count else { return nil }
                at += 1
            default: return atom
            }
            // Lazy and possessive forms match the same texts.
            if at < bytes.count, bytes[at] == UInt8(ascii: "?") || bytes[at] == UInt8(ascii: "+") { at += 1 }
            guard at >= bytes.count || !"*+?{".utf8.contains(bytes[at]) else { return nil }
            return .repeated(atom, minimum: minimum)
        }
    }
}
