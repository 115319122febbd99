import CmocModel
import CmocTestSupport
import Testing

@testable import CmocPseudonymise

/// The second round of detection speed-ups keeps results: capital counting only for words that
/// may be all capitals, identifier scans without arrays (NI numbers, day suffixes, numeric dates),
/// pattern bytes inside words skipped, mention counts by a pass before a table, and `resolve`'s
/// one sorted order equal to the former per-tier filtering and sorting (kept here as reference).
struct SecondRoundFastPathTests {
    /// Word, whether the tokeniser marks it all capitals (two ASCII capitals, no small letter in
    /// the word with its possessive, no non-ASCII small letter in its core).
    static let capitals: [(String, Bool)] = [
        ("JOHN", true), ("JOHN'S", true), ("JOHN's", false), ("JOHN’s", false), ("J", false), ("2ND", true),
        ("NHS-UK", true), ("McD", false), ("ÉCOLE", true), ("ÉTÉ", false), ("ÉCOLé", false), ("école", false),
        ("GPs", false), ("X2", false), ("AB12", true), ("12", false), ("O'NEILL", true),
    ]

    @Test(arguments: capitals)
    func allCapitals(_ word: String, _ expected: Bool) throws {
        let bytes = Array("said \(word) then".utf8)
        let tokens = TextBytes.tokenize(bytes)
        try #require(tokens.count == 3, "\(tokens.map(\.start))")
        #expect(tokens[1].allCaps == expected)
    }

    /// Sentence, kind, replaced text (nil: nothing of that kind).
    static let identifiers: [(String, EntityKind, String?)] = [
        ("NI number AB123456C ok", .niNumber, "AB123456C"),
        ("NI number AB 123456 C ok", .niNumber, "AB 123456 C"),
        ("NI A B123456C ok", .niNumber, "A B123456C"),
        ("NI A b123456C ok", .niNumber, nil),
        ("I think the GPs are fine", .niNumber, nil),
        ("NI number BG123456C ok", .niNumber, nil),
        ("NI number AB123456E ok", .niNumber, nil),
        ("NI number AB12345X6 ok", .niNumber, nil),
        ("NI number AB123456CD ok", .niNumber, nil),
        ("born 12th March 1957 in", .date, "12th March 1957"),
        ("born 22nd of March 1957 in", .date, "22nd of March 1957"),
        ("born 12xx March 1957 in", .date, nil),
        ("born 12t March 1957 in", .date, nil),
        ("born 12/03/1957 in", .date, "12/03/1957"),
        ("born 12.03.57 in", .date, nil),
        ("born 12/03-1957 in", .date, nil),
        ("version 1.2.3 out", .date, nil),
        ("see www.nhs.uk now", .url, "www.nhs.uk"),
        ("see awww.nhs.uk now", .url, nil),
        ("see xhttp://example.org now", .url, nil),
        ("see <http://example.org> now", .url, "http://example.org"),
        ("ring (0113) 496 0000 now", .phone, "(0113) 496 0000"),
        ("code x01632 960123 now", .phone, nil),
    ]

    @Test(arguments: identifiers)
    func identifierShapes(_ text: String, _ kind: EntityKind, _ expected: String?) {
        let found = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry())).filter { $0.1 == kind }
        #expect(found.map(\.0) == (expected.map { [$0] } ?? []), "\(found)")
    }

    @Test func mentionCountsMatchADirectCount() {
        let text = "Hope came. hope and Grace, Grace said Hope! GRACE and Will will Will. Mark, May, mark may Bill bill "
            + "Rose Rose rose Sue Sue. Sue Jay jay Jay Kay Kay Kay Lee Lee Ray ray Ray Dawn dawn"
        let bytes = Array(text.utf8)
        let tokens = TextBytes.tokenize(bytes)
        var sequence = TestSequence(seed: 5)
        let words = tokens.map { _ -> NameDetector.WordState in
            var word = NameDetector.WordState()
            word.startLike = sequence.nextWord() >> 63 == 1
            return word
        }
        var counts = NameDetector.MentionCounts()
        var asked = 0
        // Every word twice, well past the questions answered by a pass.
        for _ in 0..<2 {
            for token in tokens {
                var lower = 0
                var inside = 0
                for (k, other) in tokens.enumerated() where other.hash == token.hash {
                    if other.hasLetter && !other.capitalised && !other.hasDigit {
                        lower += 1
                    } else if other.capitalised && !words[k].startLike {
                        inside += 1
                    }
                }
                let mentions = counts.of(token.hash, tokens, words)
                #expect(mentions.lower == lower && mentions.capitalisedInside == inside, "\(token.start)")
                asked += 1
            }
        }
        #expect(asked > 2 * NameDetector.MentionCounts.passes)
    }

    /// The former `resolve`: tiers filtered and sorted one by one.
    static func reference(_ bytes: [UInt8], pattern: [Candidate], registry: [Candidate], heuristic: [Candidate]) -> [Candidate] {
        if pattern.isEmpty && registry.isEmpty && heuristic.isEmpty { return [] }
        var accepted: [Candidate] = []
        func overlaps(_ c: Candidate) -> Bool { accepted.contains { $0.start < c.end && c.start < $0.end } }
        let byLength: (Candidate, Candidate) -> Bool = { ($0.end - $0.start, -$0.start) > ($1.end - $1.start, -$1.start) }
        let addresses = heuristic.filter { $0.kind == .address }
        let patterns = heuristic.filter { $0.strong && $0.kind != .address }
        let rest = heuristic.filter { !$0.strong }
        func accept(_ tier: [Candidate]) {
            for c in tier where !overlaps(c) { accepted.append(c) }
        }
        accept((pattern + addresses).sorted(by: byLength))
        accept(registry.filter(\.strong).sorted(by: byLength))
        accept(patterns.sorted(by: byLength))
        accept(registry.filter({ !$0.strong }).sorted(by: byLength))
        for c in rest.sorted(by: byLength) {
            if !overlaps(c) {
                accepted.append(c)
                continue
            }
            for token in TextBytes.tokenize(Array(bytes[c.start..<c.end])) {
                let piece = Candidate(
                    start: c.start + token.start, end: c.start + token.end, kind: c.kind, source: .heuristic,
                    cued: c.cued, uncertain: c.uncertain, reason: c.reason)
                if token.capitalised && token.length >= 2 && !overlaps(piece) { accepted.append(piece) }
            }
        }
        return accepted.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    @Test func resolveKeepsTheFormerOrder() {
        let text = "Then Lucy Walker met Dr Hope Mill at Elm Tree Surgery, 14 Mill Lane, with Anna Grey and Tom."
        let bytes = Array(text.utf8)
        var sequence = TestSequence(seed: 3)
        func next(_ n: Int) -> Int { sequence.next(n) }
        // Spans on word boundaries (starts and ends of the text's words), often equal or nested.
        let tokens = TextBytes.tokenize(bytes)
        func candidate(_ source: DetectionSource, index: Int) -> Candidate {
            let first = next(tokens.count)
            let last = min(tokens.count - 1, first + next(4))
            let kinds: [EntityKind] = source == .pattern ? [.phone, .date] : [.person, .place, .organisation, .address]
            var c = Candidate(start: tokens[first].start, end: tokens[last].end, kind: kinds[next(kinds.count)], source: source)
            c.strong = next(2) == 0 || c.kind == .address
            c.uncertain = next(3) == 0
            c.participantID = source == .registry ? "P\(index)" : nil
            return c
        }
        func key(_ list: [Candidate]) -> [String] {
            list.map { "\($0.start)-\($0.end) \($0.kind) \($0.source) \($0.participantID ?? "-") \($0.strong) \($0.uncertain)" }
        }
        var compared = 0
        for _ in 0..<500 {
            let pattern = (0..<next(3)).map { candidate(.pattern, index: $0) }
            let registry = (0..<next(4)).map { candidate(.registry, index: $0) }
            let heuristic = (0..<next(6)).map { candidate(.heuristic, index: $0) }
            let expected = Self.reference(bytes, pattern: pattern, registry: registry, heuristic: heuristic)
            let actual = Pseudonymiser.resolve(bytes, pattern: pattern, registry: registry, heuristic: heuristic)
            #expect(key(actual) == key(expected))
            compared += expected.count
        }
        #expect(compared > 500)
    }
}
