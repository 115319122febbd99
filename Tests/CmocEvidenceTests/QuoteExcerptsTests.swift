import CmocModel
import Testing

@testable import CmocEvidence

/// Quote excerpts are cut only for the segments asked for (those a document's cells shortlist), and
/// each is the excerpt `Excerpt.make` gives for the segment's span in its turn's text.
@Suite struct QuoteExcerptsTests {
    static let policy = EvidencePolicy(
        excludedRoles: EvidenceBuilder.defaultExcludedRoles,
        observationDataTypes: EvidenceBuilder.defaultObservationDataTypes, unknownRole: EvidenceBuilder.unknownRole)

    /// Every segment, then every other one, then none: the wanted ones are `Excerpt.make`'s, the
    /// others empty with no refuting excerpt.
    @Test func wantedSegmentsGetTheirExcerptsAndNoOthers() throws {
        let cmocs = try Fixtures.cmocs()
        var checked = 0
        for coded in Fixtures.corpus {
            let record = DocumentRecord(
                coded, cmocs: cmocs, knownCodes: Set(Fixtures.codes.map(\.id)), policy: Self.policy)
            let choices: [(Int) -> Bool] = [{ _ in true }, { $0 % 2 == 0 }, { _ in false }]
            for choose in choices {
                let wanted = record.cmocs.map { $0.segments.indices.filter(choose) }
                let block = record.quoteExcerpts(of: coded.document, wanted: wanted)
                let decoded = try #require(RowCodec.decodeExcerpts(block))
                #expect(decoded.count == record.cmocs.count)
                for (cmoc, evidence) in record.cmocs.enumerated() {
                    #expect(decoded[cmoc].count == evidence.segments.count)
                    for (position, segment) in evidence.segments.enumerated() where position < decoded[cmoc].count {
                        let (excerpt, refuting) = decoded[cmoc][position]
                        guard choose(position) else {
                            #expect(excerpt == Excerpt.Text(text: "", highlight: ByteSpan(0, 0)) && refuting == nil)
                            continue
                        }
                        let text = Array(
                            (coded.document.turns.first { $0.index == segment.turnIndex }?.text ?? "").utf8)
                        let span = try #require(segment.quoteSpan)
                        #expect(excerpt == Excerpt.make(text: text, hit: span))
                        #expect(refuting == segment.refuteSpan.map { Excerpt.make(text: text, hit: $0) })
                        #expect(!excerpt.text.isEmpty)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 0)
    }
}
