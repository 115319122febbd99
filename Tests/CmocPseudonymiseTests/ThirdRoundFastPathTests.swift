import Testing

@testable import CmocPseudonymise

/// The third round of detection speed-ups keeps results: a short text's tokens are written into a
/// buffer of their bound, a long text's are appended; both give the same tokens. A possessive or
/// contraction is recognised in place (no array per word with an apostrophe).
struct ThirdRoundFastPathTests {
    /// Passage, and how often it is repeated: the repeated text's token bound falls on either side
    /// of `TextBytes.shortTextTokens`.
    static let passages: [(String, Int)] = [
        ("Dr Lucy Walker said: \"I'll see O'Neill at Mill Lane Surgery.\"\nON 12th March 1957 ÉCOLE a b", 1),
        ("Dr Lucy Walker said: \"I'll see O'Neill at Mill Lane Surgery.\"\nON 12th March 1957 ÉCOLE a b", 200),
        ("a b c d ", 1),
        ("a b c d ", 1030),
        ("x ", 4095),
        ("x ", 4096),
        ("x ", 4097),
    ]

    /// Every token of a repeated passage is the passage's token shifted by the repetition's offset
    /// (the passage ends in a blank or line end, so no word spans two copies), with the line count
    /// carried on; the first word of each copy after the first is judged in its new context.
    @Test(arguments: passages)
    func repeatedPassageTokens(_ passage: String, _ times: Int) throws {
        let unit = Array((passage + "\n").utf8)
        let whole = Array(repeating: unit, count: times).flatMap { $0 }
        let unitTokens = TextBytes.tokenize(unit)
        let tokens = TextBytes.tokenize(whole)
        try #require(tokens.count == unitTokens.count * times)
        let lines = unit.filter { $0 == 0x0A }.count
        for (index, token) in tokens.enumerated() {
            let copy = index / unitTokens.count
            let reference = unitTokens[index % unitTokens.count]
            #expect(token.start == reference.start + copy * unit.count)
            #expect(token.end == reference.end + copy * unit.count)
            #expect(token.hash == reference.hash)
            #expect(token.line == reference.line + copy * lines)
            #expect(token.capitalised == reference.capitalised && token.allCaps == reference.allCaps)
            #expect(token.hasDigit == reference.hasDigit && token.hasLetter == reference.hasLetter)
        }
        let lean = TextBytes.tokenize(whole, positionsOnly: true)
        #expect(lean.map(\.start) == tokens.map(\.start))
        #expect(lean.map(\.hash) == tokens.map(\.hash))
    }

    /// Word, its core as the tokeniser keeps it (possessive or contraction left out).
    static let cores: [(String, String)] = [
        ("Walker's", "Walker"), ("WALKER'S", "WALKER"), ("Walker’s", "Walker"), ("I'll", "I"), ("I'M", "I"),
        ("they've", "they"), ("We're", "We"), ("she'd", "she"), ("O'Neill", "O'Neill"), ("it'sx", "it'sx"),
        ("rock'n'roll", "rock'n'roll"), ("o'llx", "o'llx"), ("Jones'", "Jones"), ("d've", "d"), ("x's", "x"),
    ]

    @Test(arguments: cores)
    func possessiveLeftOut(_ word: String, _ core: String) throws {
        let bytes = Array("said \(word) then".utf8)
        let tokens = TextBytes.tokenize(bytes)
        try #require(tokens.count == 3, "\(tokens.map(\.start))")
        #expect(String(decoding: bytes[tokens[1].start..<tokens[1].end], as: UTF8.self) == core)
        #expect(tokens[1].hash == TextBytes.hash(core))
        var cursor = TokenCursor(bytes)
        _ = cursor.next()
        #expect(cursor.next()?.end == tokens[1].end)
    }
}
