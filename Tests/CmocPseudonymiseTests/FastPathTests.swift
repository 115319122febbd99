import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// The speed-ups keep results: the hash table answers like a `Dictionary`, the leak guard's lean
/// tokeniser finds the same spans, hashes and lines as the full one, and the key's review index
/// lists each uncertain detection once.
struct FastPathTests {
    @Test func wordTableAnswersLikeADictionary() {
        var rng = SystemRandomNumberGenerator()
        var table = WordTable<Int>()
        var reference: [UInt64: Int] = [:]
        // Key 0, keys equal in their high bits (same slot) and random keys; growth on the way.
        let keys: [UInt64] = [0, 1, 1 << 63, (1 << 63) | 1] + (0..<3_000).map { _ in rng.next() % 5_000 }
        for (index, key) in keys.enumerated() {
            table.update(key) { ($0 ?? 0) + index }
            reference[key, default: 0] += index
        }
        #expect(table.count == reference.count)
        for key in Set(keys) { #expect(table[key] == reference[key]) }
        for probe in [UInt64(5_001), 2, 1 << 62, UInt64.max] where reference[probe] == nil { #expect(table[probe] == nil) }
        let words = WordSet(["Walker", "o’neill"])
        #expect(words.contains(TextBytes.hash("walker")))
        #expect(words.contains(TextBytes.hash("O'Neill")))
        #expect(!words.contains(TextBytes.hash("walkers")))
    }

    @Test(arguments: [
        "Lucy Walker's notes; SIOBHAN O’Neill-Grey said: “Zoë and Siân” rang 07700 900123.",
        "Anna-Marie  Grey-Jones\n\nMill-Lane\r\nÓ Súilleabháin's café, don't we'll l'avenue",
        "", "'''---", "a-", "-a", "x'", "’s", "Bailey-Ross’ve É É’s", "ŁÓDŹ ñ 日本語 名前 😀name",
    ])
    func leanTokensMatchFullTokens(_ text: String) {
        let bytes = Array(text.utf8)
        let full = TextBytes.tokenize(bytes)
        let lean = TextBytes.tokenize(bytes, positionsOnly: true)
        #expect(full.map(\.start) == lean.map(\.start))
        #expect(full.map(\.end) == lean.map(\.end))
        #expect(full.map(\.hash) == lean.map(\.hash))
        #expect(full.map(\.line) == lean.map(\.line))
        #expect(full.map(\.hasDigit) == lean.map(\.hasDigit))
        for token in full { #expect(token.hash == TextBytes.hash(bytes, token.start, token.end)) }
    }

    @Test func reviewListsEachUncertainDetectionOnce() {
        let found = Fixture.pseudonymiser().detect("My NHS number is 943 476 5918, 943 476 5918 again.")
        #expect(found.filter(\.uncertain).count == 2)
        var key = PseudonymKey()
        key.assign(found, documentID: "D1")
        key.assign(found, documentID: "D1")
        #expect(key.review.count == 1)
        key.assign(found, documentID: "D2")
        #expect(key.review.count == 2)
        #expect(key.review.map(\.documentID) == ["D1", "D2"])
    }
}
