import CmocModel
import Testing

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("codbook", ["codebook", "cmocs"], "codebook"),
        ("WINDOW", ["window", "group_by"], "window"),
        ("zzz", ["codebook", "cmocs"], nil),
        ("s2", ["S1", "S2"], "S2"),
    ] as [(String, [String], String?)])
    func closest(_ word: String, _ candidates: [String], _ expected: String?) {
        #expect(Suggestion.closest(to: word, in: candidates) == expected)
    }
}
