import CmocModel
import CmocTestSupport
import Testing

/// `SourceDocument.speakers`: each label once, in order of first use, unlabelled text left out.
struct SpeakerListTests {
    static let rows: [([String?], [String])] = [
        ([], []),
        ([nil, nil], []),
        (["A", "B", "A", "B"], ["A", "B"]),
        (["A", "A", nil, "A"], ["A"]),
        (["B", nil, "A", "B", "C"], ["B", "A", "C"]),
        (["Dr Lucy Walker", "LUCY", "dr lucy walker"], ["Dr Lucy Walker", "LUCY", "dr lucy walker"]),
    ]

    static func document(_ labels: [String?]) -> SourceDocument {
        SourceDocument(id: "D", format: "plain", encoding: "utf-8", utterances: labels.map { Utterance(speaker: $0, text: "x") })
    }

    @Test(arguments: rows)
    func firstUseOrder(_ labels: [String?], _ expected: [String]) {
        #expect(Self.document(labels).speakers == expected)
    }

    /// Attributed turns counted without merging: runs of one speaker, unlabelled runs left out.
    @Test(arguments: [
        ([], 0), ([nil], 0), (["A"], 1), (["A", "A", "B", "A"], 3), ([nil, "A", nil, nil, "A", "A"], 2), (["A", nil, "A"], 2),
    ] as [([String?], Int)])
    func attributedTurns(_ labels: [String?], _ expected: Int) {
        let document = Self.document(labels)
        #expect(document.attributedTurnCount == expected)
        #expect(document.mergedTurns.filter { $0.speaker != nil }.count == expected)
    }

    /// Past the list's length where a set takes over, on generated sequences, against the plain definition.
    @Test(arguments: [3, 15, 16, 17, 40])
    func manySpeakersAgreeWithTheDefinition(distinct: Int) {
        var sequence = TestSequence(seed: 0x9E37_79B9_7F4A_7C15 &+ UInt64(distinct))
        var labels: [String?] = []
        for _ in 0..<400 {
            let pick = sequence.next(distinct + 1)
            labels.append(pick == distinct ? nil : "S\(pick)")
        }
        var seen = Set<String>()
        let expected = labels.compactMap { $0 }.filter { seen.insert($0).inserted }
        #expect(Self.document(labels).speakers == expected)
        let document = Self.document(labels)
        #expect(document.attributedTurnCount == document.mergedTurns.filter { $0.speaker != nil }.count)
    }
}
