import CmocEvidence
import CmocModel
import CmocReports
import Foundation
import Testing

/// Rows spilled to a file at `add` come back exactly as the in-memory rows, in document order, whatever
/// the order of `add` and `merge` calls, and render the same report files byte for byte.
@Suite struct SpilledRowsTests {
    static func spillFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-spill-test-\(UUID().uuidString).bin")
    }

    static func rows(_ report: EvidenceReport) throws -> (segments: [SegmentRow], presence: [PresenceRow]) {
        var segments: [SegmentRow] = []
        var presence: [PresenceRow] = []
        try report.forEachRowBlock { (s: [SegmentRow], p: [PresenceRow]) throws(DiagnosticError) in
            segments += s
            presence += p
        }
        return (segments, presence)
    }

    @Test func spilledRowsEqualInMemoryRowsAndRenderTheSameFiles() throws {
        let cmocs = try Fixtures.cmocs()
        var memory = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites)
        for document in Fixtures.corpus { memory.add(document) }
        let expected = memory.finish()
        #expect(expected.spilledRows == nil)
        #expect(!expected.segments.isEmpty)

        let file = Self.spillFile()
        defer { try? FileManager.default.removeItem(at: file) }
        var spilled = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites, spillFile: file)
        for document in Fixtures.corpus.reversed() { spilled.add(document) }
        let report = spilled.finish()
        #expect(report.segments.isEmpty && report.presence.isEmpty)
        // Quotes read their excerpts back from the file: the matrices are the in-memory ones.
        #expect(report.sites == expected.sites)
        #expect(report.overall == expected.overall)
        #expect(report.overall.contains { !$0.quotes.isEmpty && $0.quotes.allSatisfy { !$0.excerpt.isEmpty } })
        #expect(FileManager.default.fileExists(atPath: file.path))
        let rows = try Self.rows(report)
        #expect(rows.segments == expected.segments)
        #expect(rows.presence == expected.presence)
        #expect(Reports.render(report, context: Fixtures.context) == Reports.render(expected, context: Fixtures.context))
    }

    @Test func aDocumentAddedTwiceKeepsItsSpilledRowsOnce() throws {
        let cmocs = try Fixtures.cmocs()
        var single = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites)
        for document in Fixtures.corpus { single.add(document) }
        let expected = single.finish()

        let file = Self.spillFile()
        defer { try? FileManager.default.removeItem(at: file) }
        var builder = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites, spillFile: file)
        // Backwards, and the first document again: kept once, warned about.
        for document in Fixtures.corpus.reversed() { builder.add(document) }
        if let document = Fixtures.corpus.first { builder.add(document) }
        let report = builder.finish()
        let rows = try Self.rows(report)
        #expect(rows.segments == expected.segments)
        #expect(rows.presence == expected.presence)
        #expect(report.documents == expected.documents)
        #expect(report.ruleCounts == expected.ruleCounts)
        #expect(report.overall == expected.overall)
        #expect(report.warnings.filter { $0.message.contains("more than once") }.count == 1)
    }

    /// A hit of a code the codebook does not list is warned about, and presence.csv still shows it,
    /// in a column after the codebook's, whether the rows were spilled or not.
    @Test func unlistedCodesGetPresenceColumns() throws {
        let document = Fixtures.document(
            "U1", site: "S01",
            turns: [
                Fixtures.TurnSpec(speaker: "GP-A1", role: "gp", text: "We refer people on."),
                Fixtures.TurnSpec(speaker: "GP-A1", role: "gp", text: "Nothing here."),
            ],
            hits: [
                Fixtures.HitSpec(turn: 0, code: "zz-unlisted", phrase: "refer"),
                Fixtures.HitSpec(turn: 0, code: "aa-unlisted", phrase: "people", direction: .negated),
            ])
        let file = Self.spillFile()
        defer { try? FileManager.default.removeItem(at: file) }
        var rendered: [String] = []
        for spill in [nil, file] {
            var builder = EvidenceBuilder(
                cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites, spillFile: spill)
            builder.add(document)
            let report = builder.finish()
            #expect(report.unlistedCodes == ["zz-unlisted"])
            #expect(report.warnings.contains { $0.message.contains("zz-unlisted") })
            let presence = String(decoding: Reports.render(report, context: Fixtures.context)["presence.csv"] ?? [], as: UTF8.self)
            let lines = presence.split(separator: "\n")
            #expect(lines.first?.hasSuffix(",zz-unlisted") == true)
            #expect(lines.count == 3 && lines[1].hasSuffix(",1") && lines[2].hasSuffix(",0"))
            rendered.append(presence)
        }
        #expect(rendered[0] == rendered[1])
    }

    @Test func aRemovedSpillFileIsAnErrorNotMissingRows() throws {
        let file = Self.spillFile()
        var builder = EvidenceBuilder(
            cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites, spillFile: file)
        for document in Fixtures.corpus { builder.add(document) }
        let report = builder.finish()
        report.spilledRows?.remove()
        #expect(throws: DiagnosticError.self) { try Self.rows(report) }
        // The pure renderer leaves out the files it cannot make rather than write them short.
        let files = Reports.render(report, context: Fixtures.context)
        #expect(files["segments.csv"] == nil)
    }

    @Test(arguments: [1, 64, 1 << 20])
    func filesWrittenPieceByPieceAreTheRenderedFiles(pieceBytes: Int) throws {
        let file = Self.spillFile()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-write-test-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(at: folder)
        }
        var builder = EvidenceBuilder(
            cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites, spillFile: file)
        for document in Fixtures.corpus { builder.add(document) }
        let report = builder.finish()
        let expected = Reports.render(report, context: Fixtures.context)
        let written = try Reports.writeEach(report, context: Fixtures.context, to: folder, pieceBytes: pieceBytes)
        #expect(written.sorted() == expected.keys.sorted())
        for (path, bytes) in expected {
            let onDisk = try Data(contentsOf: folder.appendingPathComponent(path))
            #expect([UInt8](onDisk) == bytes, "\(path)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(".partial") || $0.hasSuffix(".tmp") }, "\(left)")
    }
}
