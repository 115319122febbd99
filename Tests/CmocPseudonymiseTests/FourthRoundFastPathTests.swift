import CmocModel
import CmocTestSupport
import Testing

@testable import CmocPseudonymise

/// The fourth round of pseudonymise-stage speed-ups keeps results: replacement builds the output
/// once (exact length, one copy) with literal tags, and matches the straightforward
/// splice-by-bytes it replaced on generated texts and detections.
struct FourthRoundFastPathTests {
    /// Kind, its bracketed tag and its look-up prefix (written out, not derived from `tag`).
    static let tags: [(EntityKind, String, String)] = [
        (.person, "[PERSON]", "person:"), (.place, "[PLACE]", "place:"), (.organisation, "[ORG]", "organisation:"),
        (.email, "[EMAIL]", "email:"), (.url, "[URL]", "url:"), (.phone, "[PHONE]", "phone:"),
        (.nhsNumber, "[NHS-NUMBER]", "nhs_number:"), (.postcode, "[POSTCODE]", "postcode:"),
        (.niNumber, "[NI-NUMBER]", "ni_number:"), (.date, "[DATE]", "date:"), (.address, "[ADDRESS]", "address:"),
    ]

    @Test(arguments: tags)
    func literalTags(_ kind: EntityKind, _ bracketed: String, _ prefix: String) {
        #expect(kind.bracketedTag == bracketed)
        #expect(kind.bracketedTag == "[\(kind.tag)]")
        #expect(kind.lookupPrefix == prefix)
        #expect(kind.lookupPrefix == "\(kind.rawValue):")
    }

    @Test func everyKindHasATagRow() {
        #expect(Set(FourthRoundFastPathTests.tags.map(\.0)) == Set(EntityKind.allCases))
    }

    /// Text, detections as (start, end, kind, canonical), and the expected output.
    static let rows: [(String, [(Int, Int, EntityKind, String)], String)] = [
        ("ring 07700 900123 now", [(5, 17, .phone, "07700 900123")], "ring [PHONE] now"),
        ("Zoë met Siân", [(0, 4, .person, "zoë"), (9, 14, .person, "siân")], "[PERSON-1] met [PERSON-2]"),
        // Unsorted input is replaced in span order.
        ("Zoë met Siân", [(9, 14, .person, "siân"), (0, 4, .person, "zoë")], "[PERSON-1] met [PERSON-2]"),
        // An overlapping later span is skipped; a span at the very end leaves nothing after it.
        ("Mill Lane", [(0, 9, .place, "mill lane"), (5, 9, .place, "lane")], "[PLACE-1]"),
        ("a 12/03/1957", [(2, 12, .date, "12/03/1957")], "a [DATE]"),
        ("", [], ""),
        ("no names here", [], "no names here"),
    ]

    @Test(arguments: rows)
    func replacementRows(_ text: String, _ spans: [(Int, Int, EntityKind, String)], _ expected: String) {
        let detections = spans.map { detection($0, text) }
        var key = PseudonymKey()
        key.assign(detections.sorted { $0.span < $1.span }, documentID: "D")
        #expect(pseudonymise(text: text, detections: detections, key: key) == expected)
        #expect(pseudonymise(text: text, detections: detections, key: key) == reference(text, detections, key))
    }

    /// Random texts (ASCII, two- and three-byte letters) with random, partly overlapping and
    /// unsorted detections: the fast path equals the reference splice.
    @Test func matchesReferenceOnGeneratedTexts() {
        var sequence = TestSequence(seed: 0x5eed)
        func next(_ bound: Int) -> Int { sequence.next(bound) }
        let pieces = ["Lucy ", "Walker ", "é", "’s ", "07700 900123", ", ", "\n", "Zoë", " Ó Súilleabháin", "x"]
        let kinds: [EntityKind] = [.person, .place, .organisation, .phone, .date, .email]
        var checked = 0
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<next(12) { text += pieces[next(pieces.count)] }
            let bytes = Array(text.utf8)
            // Spans on scalar boundaries only, as detections are.
            let boundaries = (0...bytes.count).filter { $0 == bytes.count || bytes[$0] & 0xC0 != 0x80 }
            var detections: [Detection] = []
            for _ in 0..<next(5) where boundaries.count >= 2 {
                let a = next(boundaries.count - 1)
                let b = a + 1 + next(boundaries.count - 1 - a)
                let start = boundaries[a]
                let end = boundaries[b]
                let canonical = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
                detections.append(detection((start, end, kinds[next(kinds.count)], canonical), text))
            }
            var key = PseudonymKey()
            key.assign(detections.sorted { $0.span < $1.span }, documentID: "G")
            #expect(pseudonymise(text: text, detections: detections, key: key) == reference(text, detections, key))
            checked += detections.count
        }
        #expect(checked > 400)
    }

    func detection(_ row: (Int, Int, EntityKind, String), _ text: String) -> Detection {
        let bytes = Array(text.utf8)
        return Detection(
            span: ByteSpan(row.0, row.1), kind: row.2, original: String(decoding: bytes[row.0..<row.1], as: UTF8.self),
            canonical: row.3, source: .heuristic)
    }

    /// The replacement before this round: sort, splice bytes into an array, decode once.
    func reference(_ text: String, _ detections: [Detection], _ key: PseudonymKey) -> String {
        guard !detections.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var cursor = 0
        for detection in detections.sorted(by: { $0.span < $1.span }) where detection.span.start >= cursor {
            out += bytes[cursor..<detection.span.start]
            let replacement: String
            if let id = detection.participantID {
                replacement = id
            } else if detection.kind.isName, let pseudonym = key.lookup["\(detection.kind.rawValue):\(detection.canonical)"] {
                replacement = pseudonym
            } else {
                replacement = "[\(detection.kind.tag)]"
            }
            out += Array(replacement.utf8)
            cursor = min(detection.span.end, bytes.count)
        }
        out += bytes[cursor...]
        return String(decoding: out, as: UTF8.self)
    }
}

/// `resolve`'s fast path for disjoint candidates gives what the tiered resolution gives, on
/// generated candidate lists (disjoint, overlapping, empty spans, more than the fast path takes).
struct ResolveFastPathTests {
    /// What a candidate is, field by field (`Candidate` is not `Equatable`).
    func fields(_ c: Candidate) -> String {
        "\(c.start):\(c.end):\(c.kind):\(c.source):\(c.participantID ?? "-"):\(c.canonical ?? "-"):\(c.strong):\(c.cued):\(c.uncertain):\(c.reason ?? "-")"
    }

    @Test func fastPathMatchesTieredResolution() {
        var sequence = TestSequence(seed: 0xC0FFEE)
        func next(_ bound: Int) -> Int { sequence.next(bound) }
        let bytes = Array(String(repeating: "Lucy Walker met Zoe at Mill Lane Surgery, 07700 900123. ", count: 4).utf8)
        let kinds: [EntityKind] = [.person, .place, .organisation, .phone, .address]
        var fast = 0
        for round in 0..<3000 {
            func candidates(_ source: DetectionSource) -> [Candidate] {
                (0..<next(round % 3 == 0 ? 10 : 4)).map { _ in
                    let start = next(bytes.count - 20)
                    // Mostly non-empty and short; now and then empty.
                    let end = next(40) == 0 ? start : start + 1 + next(round % 2 == 0 ? 6 : 18)
                    return Candidate(
                        start: start, end: end, kind: kinds[next(kinds.count)], source: source,
                        participantID: next(3) == 0 ? "P\(next(5))" : nil, canonical: next(2) == 0 ? "c\(next(9))" : nil,
                        strong: next(2) == 0, cued: next(2) == 0, uncertain: next(4) == 0, reason: next(4) == 0 ? "r" : nil)
                }
            }
            let pattern = candidates(.pattern)
            let registry = candidates(.registry)
            let heuristic = candidates(.heuristic)
            let total = pattern.count + registry.count + heuristic.count
            if total > 1, total <= 16, Pseudonymiser.disjointSorted(pattern, registry, heuristic, total) != nil { fast += 1 }
            let resolved = Pseudonymiser.resolve(bytes, pattern: pattern, registry: registry, heuristic: heuristic)
            let reference = Pseudonymiser.resolveByTier(bytes, pattern: pattern, registry: registry, heuristic: heuristic)
            #expect(resolved.map(fields) == reference.map(fields))
        }
        // The generated lists take the fast path often, and the tiered one often too.
        #expect(fast > 300 && fast < 2700, "\(fast)")
    }

    /// Rows: candidates as (source, start, end); the spans `resolve` keeps, in order.
    static let rows: [([(DetectionSource, Int, Int)], [Int])] = [
        ([(.pattern, 10, 20), (.heuristic, 0, 5)], [0, 10]),
        ([(.pattern, 10, 20), (.heuristic, 15, 25)], [10]),
        ([(.registry, 0, 11), (.heuristic, 0, 4), (.heuristic, 20, 24)], [0, 20]),
        ([(.heuristic, 30, 34), (.registry, 20, 25), (.pattern, 0, 12)], [0, 20, 30]),
    ]

    @Test(arguments: rows)
    func keptSpans(_ rows: [(DetectionSource, Int, Int)], _ starts: [Int]) {
        let bytes = Array(String(repeating: "Lucy Walker ", count: 4).utf8)
        func list(_ source: DetectionSource) -> [Candidate] {
            rows.filter { $0.0 == source }.map { Candidate(start: $0.1, end: $0.2, kind: .person, source: source) }
        }
        let resolved = Pseudonymiser.resolve(bytes, pattern: list(.pattern), registry: list(.registry), heuristic: list(.heuristic))
        #expect(resolved.map(\.start) == starts)
    }
}

/// Bytes cut mid-character (a lead byte without its continuation at the end) tokenise without
/// reading past the end; the cut word ends at the end.
struct CutCharacterTests {
    static let rows: [([UInt8], [Int])] = [
        (Array("Zo".utf8) + [0xC3], [3]),
        (Array("a Zo".utf8) + [0xE4, 0xB8], [1, 6]),
        (Array("Zoë".utf8), [4]),
    ]

    @Test(arguments: rows)
    func wordEndsAtTheEnd(_ bytes: [UInt8], _ ends: [Int]) {
        #expect(TextBytes.tokenize(bytes).map(\.end) == ends)
        #expect(TextBytes.tokenize(bytes, positionsOnly: true).map(\.end) == ends)
    }
}

/// The hash filter in front of the registry's first words and the date words turns words away
/// only when they are absent: the filtered answers equal the tables' own.
struct HashFilterTests {
    @Test func neverTurnsAwayAnInsertedHash() {
        var filter = HashFilter()
        var sequence = TestSequence(seed: 99)
        var inserted: [UInt64] = []
        for _ in 0..<500 {
            let hash = sequence.nextWord()
            inserted.append(hash)
            filter.insert(hash)
        }
        #expect(inserted.allSatisfy(filter.mayContain))
        // And it turns most others away (500 of 4096 bits set).
        let words = ["the", "and", "walker", "lucy", "surgery", "07700", "ó", "o'neill"].map(TextBytes.hash)
        var empty = HashFilter()
        #expect(!words.contains(where: empty.mayContain))
        empty.insert(words[0])
        #expect(empty.mayContain(words[0]))
    }

    /// Sequence starts with the filter equal the look-up of the longest length behind it.
    @Test func sequenceStartsEqualTheTable() {
        var table = SequenceTable<Int>()
        let names = ["Lucy Walker", "Dr Walker", "Luc", "Mill Lane Surgery", "Hebden Bridge", "O'Neill", "Ó Súilleabháin"]
        for (index, name) in names.enumerated() { table.add(name, index) }
        let text = "lucy walker met luc at mill lane surgery in hebden and o’neill, ó súilleabháin, dr the walker"
        let bytes = Array(text.utf8)
        let tokens = TextBytes.tokenize(bytes)
        for token in tokens { #expect(table.starts(with: token.hash) == table.maxLength.contains(token.hash)) }
        #expect(tokens.filter { table.starts(with: $0.hash) }.count == 7)
    }

    /// Every date word is found through the filter, and other words are not.
    static let dateRows: [(String, UInt8)] = [
        ("March", IdentifierScanner.DateWords.month), ("third", IdentifierScanner.DateWords.ordinal),
        ("twenty-first", IdentifierScanner.DateWords.ordinal), ("Sept", IdentifierScanner.DateWords.month),
        ("the", 0), ("marching", 0), ("Mar", IdentifierScanner.DateWords.month), ("for", 0), ("fourth", IdentifierScanner.DateWords.ordinal),
    ]

    @Test(arguments: dateRows)
    func dateWordBits(_ word: String, _ bits: UInt8) throws {
        let bytes = Array(word.utf8)
        let token = try #require(TextBytes.tokenize(bytes).first)
        #expect(IdentifierScanner.dateWords.bits(bytes, token) == bits)
    }
}

/// Speaker labels of consecutive utterances reuse the previous utterance's mapping: a run of one
/// label, a change back and forth, and no speaker all map as each label alone does.
struct SpeakerRunTests {
    /// Speakers of the utterances in order, and what each becomes.
    static let rows: [([String?], [String?])] = [
        (["Lucy Walker", "Lucy Walker", "Interviewer", "Lucy Walker"], ["LW-A1", "LW-A1", "Interviewer", "LW-A1"]),
        (["Interviewer", nil, "Interviewer", "Dr Hope Mill"], ["Interviewer", nil, "Interviewer", "GP-A1"]),
        // (`Bright` is an ordinary word: only the first name is replaced.)
        (["Zoë Bright", "Zoë Bright", "Lucy Walker", "Zoë Bright"], ["[PERSON-1] Bright", "[PERSON-1] Bright", "LW-A1", "[PERSON-1] Bright"]),
        ([nil, nil], [nil, nil]),
    ]

    @Test(arguments: rows)
    func labelsMapPerUtterance(_ speakers: [String?], _ expected: [String?]) {
        let pseudonymiser = Fixture.pseudonymiser()
        let document = SourceDocument(
            id: "D1", format: "txt", utterances: speakers.map { Utterance(speaker: $0, text: "We talked about the week.") })
        let detections = pseudonymiser.detect(document: document)
        var key = PseudonymKey()
        key.assign(detections)
        let result = pseudonymise(document: document, detections: detections, key: key)
        #expect(result.document.utterances.map(\.speaker) == expected)
        // Each equals its label replaced alone.
        for (utterance, speaker) in zip(result.document.utterances, speakers) {
            guard let speaker, let label = detections.labels.first(where: { $0.label == speaker }) else { continue }
            #expect(utterance.speaker == label.participantID ?? pseudonymise(text: speaker, detections: label.detections, key: key))
        }
    }
}
