import CmocModel
import Testing

@testable import CmocEvidence

/// The order of a document's hits (and so of its segment rows): turn, start, end, code, rule, direction.
@Suite struct HitOrderTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        /// (turn, start, end, code, rule, direction) of a and b.
        var a: (Int, Int, Int, String, String, Direction)
        var b: (Int, Int, Int, String, String, Direction)
        var aFirst: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "earlier turn", a: (1, 50, 60, "z", "z", .negated), b: (2, 0, 1, "a", "a", .supports), aFirst: true),
        Row(name: "later start", a: (1, 5, 6, "a", "a", .supports), b: (1, 4, 9, "z", "z", .supports), aFirst: false),
        Row(name: "earlier end", a: (1, 4, 6, "z", "a", .supports), b: (1, 4, 9, "a", "a", .supports), aFirst: true),
        Row(name: "code decides", a: (1, 4, 6, "b", "a", .supports), b: (1, 4, 6, "c", "a", .supports), aFirst: true),
        Row(name: "rule decides", a: (1, 4, 6, "c", "r2", .supports), b: (1, 4, 6, "c", "r1", .supports), aFirst: false),
        Row(
            name: "direction decides by name", a: (1, 4, 6, "c", "r", .negated), b: (1, 4, 6, "c", "r", .supports),
            aFirst: true),
        Row(name: "equal is not before", a: (1, 4, 6, "c", "r", .supports), b: (1, 4, 6, "c", "r", .supports), aFirst: false),
    ]

    static func hit(_ f: (Int, Int, Int, String, String, Direction)) -> DocumentRecord.HitRecord {
        DocumentRecord.HitRecord(turnIndex: f.0, codeID: f.3, ruleID: f.4, span: ByteSpan(f.1, f.2), direction: f.5, excerpt: 0..<0)
    }

    @Test(arguments: rows) func order(_ row: Row) {
        #expect(DocumentRecord.HitRecord.precedes(Self.hit(row.a), Self.hit(row.b)) == row.aFirst)
        // The same as comparing the fields as a tuple.
        let tuple = (row.a.0, row.a.1, row.a.2, row.a.3, row.a.4, row.a.5.rawValue)
            < (row.b.0, row.b.1, row.b.2, row.b.3, row.b.4, row.b.5.rawValue)
        #expect(tuple == row.aFirst)
    }
}
