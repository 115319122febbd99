import CmocTestSupport
import Foundation
import CmocModel
import Testing

@testable import CmocPseudonymise

/// The fifth round of pseudonymise-stage speed-ups keeps results: the identifier scanner skips
/// eight plain bytes at a time and every `h`/`w` not followed by `t`/`w`, and tries token patterns
/// only within reach of a token with a digit; both find what the full scan finds.
struct FifthRoundFastPathTests {
    /// What a candidate is, field by field (`Candidate` is not `Equatable`).
    static func fields(_ c: Candidate) -> String {
        "\(c.start):\(c.end):\(c.kind):\(c.source):\(c.participantID ?? "-"):\(c.canonical ?? "-"):\(c.strong):\(c.cued):\(c.uncertain):\(c.reason ?? "-")"
    }

    /// The scanner's candidates as `kind text`, with and without the prefilters.
    static func scanned(_ text: String, prefilter: Bool) -> [String] {
        let bytes = Array(text.utf8)
        var found: [Candidate] = []
        IdentifierScanner.scanBytes(bytes, into: &found, prefilter: prefilter)
        IdentifierScanner.scanTokens(bytes, TextBytes.tokenize(bytes), into: &found, prefilter: prefilter)
        return found.map { "\($0.kind.rawValue) \(String(decoding: bytes[$0.start..<$0.end], as: UTF8.self))" }
    }

    /// Texts placing patterns at every offset within an eight-byte block and at the very end,
    /// with the identifiers found (in scan order: byte patterns, then token patterns).
    static let rows: [(String, [String])] = [
        ("see http://example.org now", ["url http://example.org"]),
        ("seen HTTPS://EXAMPLE.ORG", ["url HTTPS://EXAMPLE.ORG"]),
        ("1234567 www.nhs.uk", ["url www.nhs.uk"]),
        ("12345678 WwW.nhs.uk.", ["url WwW.nhs.uk"]),
        ("what we want with http", []),
        ("Email me at p1@example.nhs.uk or ring 0113 496 1234.", ["email p1@example.nhs.uk", "phone 0113 496 1234"]),
        ("abcdefg@x.org", ["email abcdefg@x.org"]),
        ("ring +44 (0)20 7946 0018 now", ["phone +44 (0)20 7946 0018"]),
        ("abcdefg+44 20 7946 0018", []),
        ("abcdef (0113) 496 0000", ["phone (0113) 496 0000"]),
        ("abcdefgh(0113) 496 0000", []),
        ("NHS number 943 476 5919.", ["nhs_number 943 476 5919"]),
        ("NHS number (943) 476 5919", ["nhs_number (943) 476 5919"]),
        ("NHS number 9434765919 and 943 476 5918", ["nhs_number 9434765919", "nhs_number 943 476 5918"]),
        ("ring +44 7700 900123 or 0113-496-0000", ["phone +44 7700 900123", "phone 0113-496-0000"]),
        ("ring +44 (0)113 496 0000", ["phone +44 (0)113 496 0000"]),
        ("ring 07700 900123 4567 8", ["phone 07700 900123"]),
        ("1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7 8 9", []),
        ("(0)1 (0)1 (0)1 (0)1 (0)1 (0)1 (0)1 (0)1 (0)1", ["phone (0)1 (0)1 (0)1 (0)1 (0)1"]),
        ("12345678901234567890", []),
        ("she was born 12/03/1957", ["date 12/03/1957"]),
        ("born on the third of July, 1951, in Leeds", ["date third of July, 1951"]),
        ("on 12 March 2024 we met", ["date 12 March 2024"]),
        ("March 12th, 1957 it was", ["date March 12th, 1957"]),
        ("lives at 14 Mill Lane, LS1 4AB.", ["postcode LS1 4AB"]),
        ("her number is A B 123456 C ok", ["ni_number A B 123456 C"]),
        ("her number is AB 12 34 56 C ok", ["ni_number AB 12 34 56 C"]),
        ("the third of the month, in July it was, 1951", []),
        ("ends in a digit 7", []),
        ("(laughs) yeah (pause) well", []),
        ("", []),
    ]

    @Test(arguments: rows)
    func identifiersAtEveryOffset(_ text: String, _ expected: [String]) {
        // Shift the text through a whole block: the same identifiers wherever it starts.
        for pad in 0..<9 {
            let padded = String(repeating: "a", count: pad) + " " + text
            #expect(FifthRoundFastPathTests.scanned(padded, prefilter: true) == expected, "\(pad) \(text)")
            #expect(FifthRoundFastPathTests.scanned(padded, prefilter: false) == expected, "\(pad) \(text)")
        }
    }

    /// `blockIsPlain` on nine or more bytes; nil when fewer.
    static func isPlain(_ bytes: [UInt8]) -> Bool? {
        bytes.withUnsafeBytes { raw in raw.count >= 9 ? raw.baseAddress.map(IdentifierScanner.blockIsPlain) : nil }
    }

    /// The eight-byte test flags every byte a pattern may start at, in every position of a block.
    @Test(arguments: Array("0123456789@+(".utf8))
    func blockFlagsPatternBytes(_ byte: UInt8) {
        for position in 0..<8 {
            var block = [UInt8](repeating: 0x61, count: 9)
            block[position] = byte
            #expect(FifthRoundFastPathTests.isPlain(block) == false, "\(byte) at \(position)")
        }
    }

    /// Rows: nine bytes, whether the first eight are plain (`)` and `*` are flagged with `(`
    /// and `+`, harmlessly).
    static let blocks: [(String, Bool)] = [
        ("abcdefgha", true), ("the whole", true), ("what abou", true), ("ahhhhhhht", false), ("aaaaaaawW", false),
        ("wwaaaaaaa", false), ("Http aaaa", false), ("aaaaaaaah", true), (",.;!?:'-a", true), (")aaaaaaaa", false), ("/\\[]{}#~a", true),
        ("aaaaaaaa1", true), ("aaaaaaa1a", false),
    ]

    @Test(arguments: blocks)
    func plainBlocks(_ text: String, _ plain: Bool) {
        let bytes = Array(text.utf8)
        #expect(FifthRoundFastPathTests.isPlain(bytes) == plain)
    }

    /// Generated texts of words, numbers, signs and identifiers at random offsets: the scan with
    /// the prefilters finds exactly what the full scan finds, candidate for candidate.
    @Test func prefiltersMatchTheFullScanOnGeneratedTexts() {
        var numbers = TestSequence(seed: 0xF1F7_4B1D)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let pieces = [
            "the", "what", "When", "with", "http", "ht", "www", "w", "h", "Wow", "HTTP://x.org/a", "https://nhs.uk/b?c=1",
            "www.nhs.uk", "WWW.Example.Com.", "p1@example.nhs.uk", "a.b@c", "@", "+", "+44", "(", ")", "(0)", "0113", "496",
            "07700", "900123", "943", "476", "5919", "12", "3rd", "third", "of", "July", "March", "Mar", "1951", "57",
            "12/03/1957", "1957-03-12", "12.03.57", "LS1", "4AB", "ls1", "4ab", "SW1A", "1AA", "AB", "123456", "C", "A",
            "B", "12", "34", "56", "D", ",", ".", "-", "/", "é", "Zoë", "’s", "1", "x9", "v1.2.3",
        ]
        let gaps = [" ", " ", " ", "", ", ", "\n", "-", ".", "  "]
        var checked = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<(1 + next(24)) { text += pieces[next(pieces.count)] + gaps[next(gaps.count)] }
            let bytes = Array(text.utf8)
            let tokens = TextBytes.tokenize(bytes)
            var fast: [Candidate] = []
            var full: [Candidate] = []
            IdentifierScanner.scanBytes(bytes, into: &fast)
            IdentifierScanner.scanBytes(bytes, into: &full, prefilter: false)
            IdentifierScanner.scanTokens(bytes, tokens, into: &fast)
            IdentifierScanner.scanTokens(bytes, tokens, into: &full, prefilter: false)
            #expect(fast.map(FifthRoundFastPathTests.fields) == full.map(FifthRoundFastPathTests.fields), "\(text)")
            checked += full.count
        }
        // The texts do hold identifiers of every kind the scanner finds.
        #expect(checked > 3000, "\(checked)")
    }
}

/// A name's key from plain ASCII words (letters and digits parted by single spaces) is read off
/// the bytes: the same key the tokenising path makes, leading titles dropped.
struct PlainCanonicalTests {
    static let rows: [(String, String)] = [
        ("Lucy Walker", "lucy walker"), ("Dr Lucy Walker", "lucy walker"), ("Dr Mrs Walker", "walker"), ("Dr", "dr"),
        ("Dr Dr", "dr"), ("14 Mill Lane", "14 mill lane"), ("WALKER", "walker"), ("Mill Lane Surgery", "mill lane surgery"),
        ("Dr. Walker", "walker"), ("Dr  Walker", "walker"), ("O'Neill", "o'neill"), ("Bailey-Ross", "bailey-ross"),
        ("Lucy Walker's", "lucy walker"), ("Zoë Walker", "zoë walker"), ("Dr Zoë", "zoë"),
    ]

    @Test(arguments: rows)
    func keys(_ text: String, _ expected: String) {
        let bytes = Array(text.utf8)
        #expect(Pseudonymiser.canonical(bytes, 0, bytes.count, text, lexicon: .shared) == expected)
        #expect(Pseudonymiser.canonical(text, lexicon: .shared) == expected)
    }

    /// Generated ASCII spans of words, titles, digits and separators: the byte path equals the
    /// tokenising path, inside a longer text too.
    @Test func plainPathMatchesTokenisingPath() {
        var numbers = TestSequence(seed: 0xCA40_1CA1)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let words = ["Dr", "dr", "Mrs", "Prof", "Saint", "Lucy", "WALKER", "mill", "Lane", "14", "x9", "Hope", "St", "a"]
        let gaps = [" ", " ", " ", "  ", ". ", "-", "'", "\n", ", "]
        var plain = 0
        for _ in 0..<2000 {
            var span = words[next(words.count)]
            for _ in 0..<next(4) { span += gaps[next(gaps.count)] + words[next(words.count)] }
            let text = "said " + span + " today"
            let bytes = Array(text.utf8)
            let start = 5
            let end = start + span.utf8.count
            let fast = Pseudonymiser.canonical(bytes, start, end, span, lexicon: .shared)
            #expect(fast == Pseudonymiser.canonicalByWords(bytes, start, end, lexicon: .shared), "\(span)")
            #expect(fast == Pseudonymiser.canonical(span, lexicon: .shared), "\(span)")
            if !span.utf8.contains(where: { !Pseudonymiser.isWordByte($0) && $0 != 0x20 }) { plain += 1 }
        }
        #expect(plain > 300, "\(plain)")
    }
}

/// `hasSpace` answers as Foundation's `contains(" ")` does, from the bytes when ASCII.
struct HasSpaceTests {
    static let rows: [(String, Bool)] = [
        ("lucy walker", true), ("walker", false), ("", false), ("a\r\nb", false), ("a \r\nb", true), ("zoë walker", true),
        ("zoë", false), (" \u{301}x", false), ("x \u{301}", false), ("x  \u{301}", true), ("\u{301} x", true),
    ]

    @Test(arguments: rows)
    func space(_ text: String, _ expected: Bool) {
        #expect(Pseudonymiser.hasSpace(text) == expected)
        #expect(Pseudonymiser.hasSpace(text) == text.contains(" "))
    }
}

/// Candidate lists each in order are merged by start (no sort): the same as the tiered
/// resolution, with overlaps across lists (equal starts too) sent to it.
struct MergeDisjointTests {
    @Test func mergeMatchesTieredResolution() {
        var numbers = TestSequence(seed: 0x3E26_E000)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let bytes = Array(String(repeating: "Lucy Walker met Zoe at Mill Lane Surgery, 07700 900123. ", count: 4).utf8)
        var merged = 0
        var refused = 0
        for _ in 0..<3000 {
            var lists: [[Candidate]] = [[], [], []]
            var position = next(4)
            for _ in 0..<(2 + next(12)) {
                // Mostly gaps after the last span; now and then an overlap or an equal start.
                let start = next(6) == 0 ? max(0, position - 1 - next(3)) : position + next(5)
                let end = start + 1 + next(8)
                guard end < bytes.count else { break }
                let source = next(3)
                let kinds: [EntityKind] = [.phone, .person, .place]
                var c = Candidate(start: start, end: end, kind: kinds[source], source: [.pattern, .registry, .heuristic][source])
                c.strong = next(2) == 0
                lists[source].append(c)
                position = end
            }
            let total = lists.reduce(0) { $0 + $1.count }
            let fast = Pseudonymiser.resolve(bytes, pattern: lists[0], registry: lists[1], heuristic: lists[2])
            let tiered = Pseudonymiser.resolveByTier(bytes, pattern: lists[0], registry: lists[1], heuristic: lists[2])
            #expect(fast.map(FifthRoundFastPathTests.fields) == tiered.map(FifthRoundFastPathTests.fields))
            if lists.allSatisfy(Pseudonymiser.isDisjointSorted) && total <= 16 {
                if Pseudonymiser.mergeDisjoint(lists[0], lists[1], lists[2], total) != nil { merged += 1 } else { refused += 1 }
            }
        }
        // Both outcomes of the merge are exercised.
        #expect(merged > 200 && refused > 200, "\(merged) \(refused)")
    }
}
