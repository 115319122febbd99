import Testing

@testable import CmocEvidence

/// Turn index -> slot and position, direct for 0, 1, 2… and through a table otherwise.
@Suite struct TurnIndexTableTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var indices: [Int]
        var slots: Int
        /// (turn index, expected slot, expected position)
        var lookups: [(Int, Int?, Int?)]
        var testDescription: String { "\(indices)" }
    }

    static let rows: [Row] = [
        Row(indices: [0, 1, 2], slots: 3, lookups: [(0, 0, 0), (2, 2, 2), (3, nil, nil), (-1, nil, nil)]),
        Row(indices: [], slots: 0, lookups: [(0, nil, nil)]),
        Row(indices: [5, 3, 5, 9], slots: 3, lookups: [(5, 0, 0), (3, 1, 1), (9, 2, 3), (4, nil, nil), (0, nil, nil)]),
        Row(indices: [1, 2, 3], slots: 3, lookups: [(1, 0, 0), (3, 2, 2), (0, nil, nil)]),
    ]

    @Test(arguments: rows) func lookUps(_ row: Row) {
        let table = TurnIndexTable(row.indices)
        #expect(table.slots == row.slots)
        for (index, slot, position) in row.lookups {
            #expect(table.slot(of: index) == slot, "slot of \(index)")
            #expect(table.position(of: index) == position, "position of \(index)")
        }
    }
}
