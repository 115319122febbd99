import CmocModel
import Testing

@testable import CmocEvidence

/// A document's block of table rows reads back whole, one table at a time, and never half-way
/// when damaged.
@Suite struct RowCodecTests {
    static let segments = [
        SegmentRow(
            siteID: "S1", documentID: "D1", dataType: "interview", turnIndex: 3, speaker: nil, role: "unknown",
            codeID: "c1", codeKind: "mechanism", ruleID: "c1/r1", direction: .negated, span: ByteSpan(4, 9),
            excerpt: "naïve, \"quoted\"\nline"),
        SegmentRow(
            siteID: "S1", documentID: "D1", dataType: "interview", turnIndex: 5, speaker: "LW-A1", role: "link_worker",
            codeID: "c2", codeKind: "context", ruleID: "c2/r1", direction: .supports, span: ByteSpan(0, 1), excerpt: ""),
    ]
    static let presence = [
        PresenceRow(siteID: "S1", documentID: "D1", dataType: "interview", turnIndex: 0, speaker: nil, role: "unknown", codes: []),
        PresenceRow(
            siteID: "S1", documentID: "D1", dataType: "interview", turnIndex: 5, speaker: "LW-A1", role: "link_worker",
            codes: ["c1", "c2"]),
    ]

    /// The block layout written row by row: the reference `RowCodec.encode(record)` writes the same
    /// bytes for (and `decode` reads).
    static func encode(segments: [SegmentRow], presence: [PresenceRow]) -> [UInt8] {
        RowCodec.encode(segments: segments, presence: presence)
    }

    @Test func eachTableReadsBackAloneOrTogether() throws {
        let block = Self.encode(segments: Self.segments, presence: Self.presence)
        let both = try #require(RowCodec.decode(block))
        #expect(both.segments == Self.segments && both.presence == Self.presence)
        let segmentsOnly = try #require(RowCodec.decode(block, presence: false))
        #expect(segmentsOnly.segments == Self.segments && segmentsOnly.presence.isEmpty)
        let presenceOnly = try #require(RowCodec.decode(block, segments: false))
        #expect(presenceOnly.segments.isEmpty && presenceOnly.presence == Self.presence)
        let empty = try #require(RowCodec.decode(Self.encode(segments: [], presence: [])))
        #expect(empty.segments.isEmpty && empty.presence.isEmpty)
    }

    /// The block written straight from a document's record is, byte for byte, its rows written row
    /// by row.
    @Test func recordBlocksMatchTheRowByRowLayout() throws {
        let policy = EvidencePolicy(
            excludedRoles: EvidenceBuilder.defaultExcludedRoles,
            observationDataTypes: EvidenceBuilder.defaultObservationDataTypes, unknownRole: EvidenceBuilder.unknownRole)
        let kinds = Dictionary(Fixtures.codes.map { ($0.id, $0.kind.rawValue) }, uniquingKeysWith: { first, _ in first })
        for document in Fixtures.corpus {
            let record = DocumentRecord(
                document, cmocs: try Fixtures.cmocs(), knownCodes: Set(Fixtures.codes.map(\.id)), policy: policy)
            let block = RowCodec.encode(record, codeKinds: kinds, unknownRole: EvidenceBuilder.unknownRole)
            let rows = try #require(RowCodec.decode(block))
            #expect(!rows.segments.isEmpty && !rows.presence.isEmpty)
            #expect(Self.encode(segments: rows.segments, presence: rows.presence) == block)
        }
    }

    @Test func aTruncatedBlockIsDamagedForEitherTable() {
        let block = Self.encode(segments: Self.segments, presence: Self.presence)
        for cut in 0..<(block.count - 1) {
            let part = Array(block[..<cut])
            #expect(RowCodec.decode(part) == nil, "cut at \(cut)")
            #expect(RowCodec.decode(part, segments: false) == nil, "cut at \(cut)")
        }
    }
}
