import CmocModel
import Testing

@testable import CmocEvidence

/// `RowBlockWriter` writes exactly the bytes `ByteWriter` writes for the same fields, through any
/// number of buffer growths.
@Suite struct RowBlockWriterTests {
    enum Field: Sendable {
        case int(Int)
        case string(String)
        case optional(String?)
        case raw([UInt8])
    }

    static let rows: [[Field]] = [
        [.int(0), .int(1), .int(-1), .int(63), .int(64), .int(-64), .int(-65), .int(300)],
        [.int(Int.max), .int(Int.min), .int(1 << 35), .int(-(1 << 50))],
        [.string(""), .string("a"), .string("naïve café…"), .string(String(repeating: "x", count: 200))],
        [.optional(nil), .optional(""), .optional("LW-S1"), .optional(String(repeating: "é", count: 100))],
        [.raw([]), .raw([0, 0x80, 0xFF]), .raw(Array(repeating: 7, count: 5_000))],
    ]

    static func bound(_ field: Field) -> Int {
        switch field {
        case .int: return RowBlockWriter.intBound
        case .string(let value): return RowBlockWriter.bound(value)
        case .optional(let value): return RowBlockWriter.bound(value)
        case .raw(let bytes): return bytes.count
        }
    }

    @Test func writesWhatByteWriterWrites() {
        // Every row many times over, from a small buffer: it grows many times on the way.
        var expected = ByteWriter()
        var writer = RowBlockWriter(capacity: 1)
        for round in 0..<200 {
            let row = Self.rows[round % Self.rows.count] + [.int(round), .string("row \(round)")]
            for field in row {
                switch field {
                case .int(let value): expected.int(value)
                case .string(let value): expected.string(value)
                case .optional(let value): expected.string(value)
                case .raw(let bytes): expected.raw(bytes)
                }
            }
            writer.row(bound: row.reduce(0) { $0 + Self.bound($1) }) { cursor in
                for field in row {
                    switch field {
                    case .int(let value): cursor.int(value)
                    case .string(let value): cursor.string(value)
                    case .optional(let value): cursor.string(value)
                    case .raw(let bytes): cursor.raw(bytes)
                    }
                }
            }
        }
        #expect(writer.finish() == expected.bytes)
    }

    /// A length written after what it measures, into room left before it, gives the bytes of
    /// writing it first: `ByteWriter.int` of the length, then the rest.
    @Test(arguments: [0, 1, 63, 64, 127, 8_191, 8_192, 1 << 20, 1 << 40, Int.max, -1, Int.min])
    func aLengthWrittenAfterwardsReadsAsWrittenFirst(_ value: Int) {
        var expected = ByteWriter()
        expected.string("head")
        expected.int(value)
        expected.raw([9, 8, 7])
        var writer = RowBlockWriter(capacity: 1)
        writer.row(bound: RowBlockWriter.bound("head")) { $0.string("head") }
        let front = writer.written
        writer.row(bound: RowBlockWriter.intBound) { $0.gap(RowBlockWriter.intBound) }
        let rows = writer.written
        writer.row(bound: 3) { $0.raw([9, 8, 7]) }
        let start = writer.int(value, endingAt: rows)
        #expect(start >= front)
        var head = ByteWriter()
        head.string("head")
        #expect(writer.finish(from: start) == Array(expected.bytes.dropFirst(head.bytes.count)))
    }

    @Test func anEmptyWriterGivesNoBytes() {
        #expect(RowBlockWriter(capacity: 0).finish().isEmpty)
    }

    /// The in-order check that lets sorting be skipped agrees with sorting.
    @Test(arguments: [[Int](), [1], [1, 2, 2, 3], [2, 1], [1, 3, 2], [5, 5, 5], [3, 2, 1]])
    func isSortedAgreesWithSorting(_ values: [Int]) {
        #expect(values.isSorted(by: <) == (values.sorted() == values))
        #expect(values.sortedIfNeeded() == values.sorted())
    }
}
