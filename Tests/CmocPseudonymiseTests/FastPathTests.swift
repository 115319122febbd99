import CmocModel
import CmocTestSupport
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
        var empty = WordTable<Int>(capacity: 0)
        #expect(empty[5] == nil && empty.isEmpty)
        empty.set(5, 1)
        empty.set(0, 2)
        #expect(empty[5] == 1 && empty[0] == 2 && empty[6] == nil && empty.count == 2)
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

/// The leak guard streams tokens and keeps only a few ahead; its findings must be those of the
/// former whole-block matcher (every token listed, then matched left to right), kept here as
/// the reference, on texts mixing registry names, key originals, case, possessives, hyphens,
/// joiners, line ends and non-ASCII letters.
struct LeakGuardStreamingTests {
    static func reference(_ guardian: LeakGuard, _ raw: [UInt8], file: String) -> [LeakFinding] {
        let bytes = LeakGuard.splittingJoiners(raw)
        let tokens = TextBytes.tokenize(bytes)
        var findings: [LeakFinding] = []
        var i = 0
        while i < tokens.count {
            let hit =
                guardian.table.longestMatch(at: i, tokens, bytes, accept: { values, _ in values.first })
                ?? guardian.exact.longestMatch(at: i, tokens, bytes) { values, length in
                    values.first { LeakGuard.spells($0, tokens, at: i, length: length, bytes) }?.source
                }
            if let hit {
                let finding = LeakFinding(file: file, line: tokens[i].line + 1, source: hit.result)
                if findings.last != finding { findings.append(finding) }
                i += hit.length
            } else {
                i += 1
            }
        }
        return findings
    }

    static let guardian: LeakGuard = {
        var key = PseudonymKey()
        let found = Fixture.pseudonymiser().detect(
            "We talked to Zbigniew Pemberton-Ashby then, and my neighbour Rose, and Siân Llŷr from Gasworks Street.")
        key.assign(found, documentID: "D")
        return LeakGuard(registry: Fixture.registry, key: key)
    }()

    static let pieces = [
        "Lucy", "Walker", "walker", "WALKER", "Walker's", "Walker’s", "Lucy Walker", "Lucy\nWalker", "Lucy  Walker",
        "Siobhan", "O'Neill", "O’Neill", "o'neill", "Anna-Marie", "Grey-Jones", "Anna-Marie Grey-Jones", "Marie",
        "Riverside Medical Centre", "Riverside Medical", "Elm Tree Surgery", "Little Hatherby", "Hope Mill", "Mill",
        "Zbigniew", "ZBIGNIEW", "zbigniew", "Zbigniew Pemberton-Ashby", "Ashby", "Pemberton", "Rose", "rose", "Siân",
        "SIÂN", "Llŷr", "Gasworks Street", "gasworks street", "the", "said", "rang", "and", "12", "É", "naïve",
        " ", " ", " ", "\n", ", ", ". ", "-", "_", "'s ", "\t", "\r\n", "“", "”",
    ]

    @Test func streamingFindsWhatTheWholeBlockMatcherFinds() {
        var sequence = TestSequence(seed: 11)
        func next(_ n: Int) -> Int { sequence.next(n) }
        var total = 0
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<(1 + next(40)) { text += Self.pieces[next(Self.pieces.count)] }
            let bytes = Array(text.utf8)
            let expected = Self.reference(Self.guardian, bytes, file: "f")
            total += expected.count
            #expect(Self.guardian.scanBlock(bytes, file: "f") == expected, "\(text.debugDescription)")
        }
        #expect(total > 400)
    }
}

/// Month and ordinal words pass a first-two-letters filter before their hash look-up: every
/// spelling the table knows must still make a date, and near misses none.
struct DateWordFilterTests {
    static let dates: [(String, String?)] = [
        ("born the third of July, 1951 here", "third of July, 1951"),
        ("born the Twenty-First of MAY 1960.", "Twenty-First of MAY 1960"),
        ("born the thirty-first of December 1999.", "thirty-first of December 1999"),
        ("born on the eleventh of Sept 1980", "eleventh of Sept 1980"),
        ("born 12 jan 57 then", "12 jan 57"),
        ("born 2 Feb 1957", "2 Feb 1957"),
        ("born Oct 3rd, 2001 then", "Oct 3rd, 2001"),
        ("born the thirds of July 1951", nil),
        ("born the 3 of Ju 1951", nil),
        ("born the third of Julyy 1951", nil),
        ("born twenty first of July 1951", "first of July 1951"),
        ("born oct 3rd, 2001 then", nil),
    ]

    @Test(arguments: dates)
    func monthAndOrdinalWords(_ text: String, _ expected: String?) {
        let found = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry())).filter { $0.1 == .date }
        #expect(found.map(\.0) == (expected.map { [$0] } ?? []), "\(found)")
    }

    @Test func filterAcceptsEveryTableWord() {
        let words = IdentifierScanner.dateWords
        for (word, bit) in [("january", DateWordsBits.month), ("SEPT", DateWordsBits.month), ("Twenty-Ninth", DateWordsBits.ordinal), ("ninth", DateWordsBits.ordinal), ("the", 0), ("ma", 0), ("3rd", 0)] {
            let bytes = Array(word.utf8)
            let token = TextBytes.tokenize(bytes)[0]
            #expect(words.bits(bytes, token) == bit, "\(word)")
        }
    }
}

private enum DateWordsBits {
    static let month = IdentifierScanner.DateWords.month
    static let ordinal = IdentifierScanner.DateWords.ordinal
}

/// Which registry entry a name picks: a full name or alias beats a first name or surname alone,
/// and a name alone shared by several participants names none of them (uncertain).
struct RegistryChoiceTests {
    static let registry = Registry(
        participants: [
            Participant(id: "P1", name: "Lucy Walker", role: "patient", site: "S1"),
            Participant(id: "P2", name: "Lucy Hughes", role: "patient", site: "S1"),
            Participant(id: "P3", name: "Tom Walker", role: "gp", site: "S1"),
            Participant(id: "P4", name: "Sam Okafor", aliases: ["Hughesy", "Tom"], role: "gp", site: "S1"),
        ])

    static let rows: [(String, String, String?, Bool)] = [
        ("then Lucy Walker rang", "Lucy Walker", "P1", false),
        ("then LUCY WALKER rang", "LUCY WALKER", "P1", false),
        ("then Lucy rang", "Lucy", nil, true),
        ("then Walker's mum rang", "Walker", nil, true),
        ("then Hughes rang", "Hughes", "P2", false),
        ("then Tom rang", "Tom", "P4", false),
        ("then Dr Okafor rang", "Dr Okafor", "P4", false),
        ("then Hughesy rang", "Hughesy", "P4", false),
    ]

    @Test(arguments: rows)
    func choosesTheEntry(_ text: String, _ span: String, _ participant: String?, _ uncertain: Bool) throws {
        let found = Fixture.pseudonymiser(registry: Self.registry).detect(text).filter { $0.source == .registry }
        let bytes = Array(text.utf8)
        try #require(found.count == 1, "\(found)")
        #expect(String(decoding: bytes[found[0].span.start..<found[0].span.end], as: UTF8.self) == span)
        #expect(found[0].participantID == participant)
        #expect(found[0].uncertain == uncertain)
        #expect(found[0].reason == (uncertain ? "name shared by several registered participants" : nil))
    }
}
