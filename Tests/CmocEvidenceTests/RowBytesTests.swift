import CmocModel
import Foundation
import Testing

@testable import CmocEvidence
@testable import CmocReports

/// The byte view of the table rows (`forEachSegmentRow`, `forEachPresenceRow`, what the CSV writers
/// copy from) gives exactly the rows `forEachRowBlock` decodes, spilled or in memory, and a CSV field
/// written from bytes is the field written from its String.
@Suite struct RowBytesTests {
    static func segments(_ report: EvidenceReport) throws -> [SegmentRow] {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        var rows: [SegmentRow] = []
        try report.forEachSegmentRow { (row: SegmentRowBytes) throws(DiagnosticError) in
            rows.append(
                SegmentRow(
                    siteID: text(row.turn.site), documentID: text(row.turn.document),
                    dataType: text(row.turn.dataType), turnIndex: row.turn.turnIndex, speaker: row.turn.speaker.map(text),
                    role: text(row.turn.role), codeID: text(row.code), codeKind: text(row.codeKind), ruleID: text(row.rule),
                    direction: Direction(rawValue: text(row.direction)) ?? .tentative, span: ByteSpan(row.start, row.end),
                    excerpt: text(row.excerpt)))
        }
        return rows
    }

    static func presence(_ report: EvidenceReport) throws -> [PresenceRow] {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        var rows: [PresenceRow] = []
        try report.forEachPresenceRow { (row: PresenceRowBytes) throws(DiagnosticError) in
            var codes: [String] = []
            row.forEachCode { codes.append(text($0)) }
            rows.append(
                PresenceRow(
                    siteID: text(row.turn.site), documentID: text(row.turn.document),
                    dataType: text(row.turn.dataType), turnIndex: row.turn.turnIndex, speaker: row.turn.speaker.map(text),
                    role: text(row.turn.role), codes: codes))
        }
        return rows
    }

    @Test func byteRowsAreTheDecodedRowsSpilledOrInMemory() throws {
        let cmocs = try Fixtures.cmocs()
        var memory = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites)
        for document in Fixtures.corpus { memory.add(document) }
        let inMemory = memory.finish()

        let file = SpilledRowsTests.spillFile()
        defer { try? FileManager.default.removeItem(at: file) }
        var spilling = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites, spillFile: file)
        for document in Fixtures.corpus.reversed() { spilling.add(document) }
        let spilled = spilling.finish()

        let expected = try SpilledRowsTests.rows(spilled)
        #expect(!expected.segments.isEmpty && !expected.presence.isEmpty)
        for report in [inMemory, spilled] {
            #expect(try Self.segments(report) == expected.segments)
            #expect(try Self.presence(report) == expected.presence)
        }
        // Rows with quotes, commas, line breaks, non-ASCII text and no speaker.
        var edited = inMemory
        edited.segments = RowCodecTests.segments
        edited.presence = RowCodecTests.presence
        #expect(try Self.segments(edited) == RowCodecTests.segments)
        #expect(try Self.presence(edited) == RowCodecTests.presence)
    }

    @Test func aDamagedSpillFileThrowsForEitherTable() throws {
        let file = SpilledRowsTests.spillFile()
        defer { try? FileManager.default.removeItem(at: file) }
        var builder = EvidenceBuilder(cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites, spillFile: file)
        for document in Fixtures.corpus { builder.add(document) }
        let report = builder.finish()
        // Every byte of the file set to 0xFF: no length or count reads back.
        let size = try Data(contentsOf: file).count
        try Data(repeating: 0xFF, count: size).write(to: file)
        #expect(throws: DiagnosticError.self) { try Self.segments(report) }
        #expect(throws: DiagnosticError.self) { try Self.presence(report) }
    }

    /// field, as written.
    static let fields: [(String, String)] = [
        ("", ""),
        ("plain", "plain"),
        ("naïve café", "naïve café"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("\"\"", "\"\"\"\"\"\""),
        ("end\"", "\"end\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("…, \"x\" ,", "\"…, \"\"x\"\" ,\""),
    ]

    @Test(arguments: fields) func aFieldFromBytesIsQuotedAsItsString(_ value: String, _ written: String) {
        #expect(CSVRows.field(value) == written)
        var rows = CSVRows()
        Array(value.utf8).withUnsafeBufferPointer { rows.field($0) }
        #expect(String(decoding: rows.bytes, as: UTF8.self) == written)
    }

    /// The word-at-a-time test for a byte that needs quoting agrees with a byte-by-byte one for each
    /// special byte at every position of fields of every length up to 40 (so in a word, across two,
    /// and in the tail).
    @Test func theWordAtATimeQuotingTestAgreesWithBytes() {
        let specials: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D]
        // Bytes one away from the specials, and non-ASCII ones, must not trigger it.
        let near: [UInt8] = [0x2B, 0x2D, 0x21, 0x23, 0x09, 0x0B, 0x0C, 0x0E, 0x80, 0xAC, 0xA2, 0xFF, 0x00]
        for length in 0...40 {
            for filler in near {
                let plain = [UInt8](repeating: filler, count: length)
                #expect(!plain.withUnsafeBufferPointer(CSVRows.needsQuotes), "\(length) × \(filler)")
                for position in 0..<length {
                    for special in specials {
                        var field = plain
                        field[position] = special
                        #expect(field.withUnsafeBufferPointer(CSVRows.needsQuotes), "\(special) at \(position) of \(length)")
                    }
                }
            }
        }
    }

    /// number, as written.
    static let numbers: [(Int, String)] = [
        (0, "0"), (7, "7"), (10, "10"), (-1, "-1"), (-10, "-10"), (1_234_567, "1234567"),
        (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808"),
    ]

    @Test(arguments: numbers) func numbersAreWrittenInDecimal(_ value: Int, _ written: String) {
        var out: [UInt8] = [0x41]
        CSVRows.appendDecimal(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "A" + written)
    }
}
