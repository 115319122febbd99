import Testing

@testable import CmocEvidence

/// CMOC parts as bits, and the bit-mask configuration scan agreeing with the set-based entry point.
@Suite struct ComponentMaskTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var letters: String
        var mask: UInt8
        var testDescription: String { letters.isEmpty ? "none" : letters }
    }

    static let rows: [Row] = [
        Row(letters: "", mask: 0b000),
        Row(letters: "C", mask: 0b001),
        Row(letters: "M", mask: 0b010),
        Row(letters: "O", mask: 0b100),
        Row(letters: "CM", mask: 0b011),
        Row(letters: "MO", mask: 0b110),
        Row(letters: "CO", mask: 0b101),
        Row(letters: "CMO", mask: 0b111),
        Row(letters: "OMCC", mask: 0b111),
    ]

    static func parts(_ letters: String) -> [Component] {
        letters.compactMap { letter in Component.allCases.first { $0.letter == String(letter) } }
    }

    @Test(arguments: rows) func maskOfParts(_ row: Row) {
        #expect(ComponentMask.of(Self.parts(row.letters)) == row.mask)
        #expect(ComponentMask.components(row.mask) == Set(Self.parts(row.letters)))
    }

    /// Marked turns (index, letters), window, and the full and partial configurations expected.
    struct ScanRow: CustomTestStringConvertible, Sendable {
        var name: String
        var marked: [(Int, String)]
        var window: Int
        var full: [String]
        var partial: [String]
        var testDescription: String { name }
    }

    static let scanRows: [ScanRow] = [
        ScanRow(name: "one turn with all", marked: [(0, "CMO")], window: 2, full: ["0-0:CMO"], partial: []),
        ScanRow(
            name: "unsorted input is sorted first", marked: [(2, "O"), (0, "C"), (1, "M")], window: 2,
            full: ["0-2:CMO"], partial: []),
        ScanRow(
            name: "empty turns are ignored", marked: [(0, "C"), (1, ""), (2, "M")], window: 2, full: [],
            partial: ["0-2:CM"]),
        ScanRow(
            name: "partial after a full does not reach back over it",
            marked: [(0, "C"), (1, "M"), (2, "O"), (3, "C"), (4, "M")], window: 4, full: ["0-2:CMO"],
            partial: ["3-4:CM"]),
        ScanRow(
            name: "turns inside a full are not reused for partials",
            marked: [(0, "CM"), (5, "C"), (6, "M"), (7, "O"), (9, "O")], window: 2, full: ["5-7:CMO"],
            partial: ["0-0:CM"]),
        ScanRow(
            name: "several fulls, partial between them",
            marked: [(0, "CMO"), (3, "C"), (4, "O"), (10, "C"), (11, "M"), (12, "O"), (20, "MO")], window: 2,
            full: ["0-0:CMO", "10-12:CMO"], partial: ["3-4:CO", "20-20:MO"]),
    ]

    static func describe(_ found: ConfigurationFinder.Found) -> String {
        "\(found.first)-\(found.last):" + found.components.sorted().map(\.letter).joined()
    }

    @Test(arguments: scanRows) func maskedScan(_ row: ScanRow) {
        let masked = ConfigurationFinder.find(
            masked: row.marked.map { .init(index: $0.0, mask: ComponentMask.of(Self.parts($0.1))) }, window: row.window)
        #expect(masked.full.map(Self.describe) == row.full)
        #expect(masked.partial.map(Self.describe) == row.partial)
        let viaSets = ConfigurationFinder.find(
            row.marked.map { .init(index: $0.0, components: Set(Self.parts($0.1))) }, window: row.window)
        #expect(viaSets.full == masked.full)
        #expect(viaSets.partial == masked.partial)
    }
}
