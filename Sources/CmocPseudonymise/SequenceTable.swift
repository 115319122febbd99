/// A hash table of word sequences (`lucy walker`, `mill lane surgery`) matched against a text's
/// tokens: the look-up behind the registry matcher and the leak guard.
struct SequenceTable<Value: Sendable>: Sendable {
    private(set) var values = WordTable<[Value]>()
    /// First-word hash -> longest sequence starting with it.
    private(set) var maxLength = WordTable<Int>()

    /// Words in the longest sequence.
    private(set) var longest = 0
    /// The first words' hashes, so most tokens are turned away before a probe of `maxLength`.
    private var firstWords = HashFilter()

    var isEmpty: Bool { values.isEmpty }

    /// Adds `text` (tokenised like any text); returns false when it has no words.
    @discardableResult
    mutating func add(_ text: String, _ value: Value) -> Bool {
        let tokens = TextBytes.tokenize(Array(text.utf8))
        guard let first = tokens.first else { return false }
        var h = first.hash
        for token in tokens.dropFirst() { h = TextBytes.combine(h, token.hash) }
        values.update(h) { ($0 ?? []) + [value] }
        maxLength.update(first.hash) { max($0 ?? 0, tokens.count) }
        firstWords.insert(first.hash)
        longest = max(longest, tokens.count)
        return true
    }

    /// Whether some sequence starts with the word of this hash: the cheap test that rejects most
    /// tokens before `longestMatch`.
    @inline(__always) func starts(with hash: UInt64) -> Bool { firstWords.mayContain(hash) && maxLength.contains(hash) }

    /// Sequences starting at token `i`, longest first, whose words are separated by blanks only
    /// (line ends included); `accept` picks the first usable one.
    func longestMatch<Result>(
        at i: Int, _ tokens: [Token], _ bytes: [UInt8], accept: (_ values: [Value], _ length: Int) -> Result?
    ) -> (length: Int, result: Result)? {
        guard firstWords.mayContain(tokens[i].hash), let longest = maxLength[tokens[i].hash] else { return nil }
        let first = tokens[i].hash
        if longest == 1 {
            if let list = values[first], let result = accept(list, 1) { return (1, result) }
            return nil
        }
        var hashes: [UInt64] = [first]
        let limit = min(longest, tokens.count - i)
        var k = 1
        while k < limit {
            guard SequenceTable.blankBetween(bytes, tokens[i + k - 1], tokens[i + k]) else { break }
            hashes.append(TextBytes.combine(hashes[k - 1], tokens[i + k].hash))
            k += 1
        }
        var length = hashes.count
        while length >= 1 {
            if let list = values[hashes[length - 1]], let result = accept(list, length) { return (length, result) }
            length -= 1
        }
        return nil
    }

    /// Any blanks (spaces, tabs, line ends) and nothing else between two tokens.
    static func blankBetween(_ bytes: [UInt8], _ a: Token, _ b: Token) -> Bool {
        guard b.start > a.end, b.start - a.end <= 8 else { return false }
        for k in a.end..<b.start {
            let c = bytes[k]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { continue }
            return false
        }
        return true
    }
}
