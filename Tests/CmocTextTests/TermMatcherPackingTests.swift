import CmocTestSupport
import Testing
@testable import CmocText

/// `TermMatcher` packs every state's row into one array, rows overlapping where their entries do
/// not (an entry counts only for the state that owns it). A matcher of many patterns, whose rows
/// overlap, must find exactly the matches that one single-pattern matcher per pattern finds
/// (each a chain of rows), on generated patterns and text.
@Suite struct TermMatcherPackingTests {
    @Test func manyPatternsFindWhatEachPatternFindsAlone() throws {
        let syllables = ["re", "fer", "ral", "so", "cial", "link", "work", "er", "no", "t", "é", "don't", "gp", "1"]
        var sequence = TestSequence(seed: 0xC0DE)
        func next(_ n: Int) -> Int { sequence.next(n) }
        func word() -> String { (0..<(1 + next(3))).map { _ in syllables[next(syllables.count)] }.joined() }
        var texts: [String] = []
        for _ in 0..<300 {
            let words = (0..<(1 + next(2))).map { _ in word() }.joined(separator: " ")
            texts.append(next(4) == 0 ? words + "*" : words)
        }
        let patterns = try texts.map { try TermPattern.parse($0).get() }
        let together = TermMatcher(patterns)
        let alone = patterns.map { TermMatcher([$0]) }
        let separators = [" ", "  ", ", ", "-", "\u{2019}", ". "]
        var differences = 0
        var matches = 0
        for _ in 0..<400 {
            let text = (0..<(1 + next(30))).map { _ in word() + separators[next(separators.count)] }.joined()
            let expected = alone.enumerated().flatMap { term, matcher in
                matcher.matches(in: text).map { TermMatcher.Match(term: term, start: $0.start, end: $0.end) }
            }.sorted()
            let got = together.matches(in: text)
            if got != expected { differences += 1 }
            matches += got.count
        }
        #expect(differences == 0)
        #expect(matches > 1_000)
        // Rows do overlap: the packed table is far smaller than one full row per state.
        #expect(together.stateCount > 500)
    }
}
