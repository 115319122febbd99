import CmocEvidence
import Testing

/// Window logic for full (C+M+O) and partial (two of three) configurations.
@Suite struct ConfigurationFinderTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        /// Turn index -> parts, e.g. `[0: "C", 1: "MO"]`.
        var marked: [Int: String]
        var window: Int
        var full: [String]
        var partial: [String]
        var testDescription: String { name }
    }

    static func parts(_ letters: String) -> Set<Component> {
        Set(letters.compactMap { letter in Component.allCases.first { $0.letter == String(letter) } })
    }

    static func describe(_ found: ConfigurationFinder.Found) -> String {
        "\(found.first)-\(found.last):" + found.components.sorted().map(\.letter).joined()
    }

    static let rows: [Row] = [
        Row(name: "all three in one turn", marked: [0: "CMO"], window: 2, full: ["0-0:CMO"], partial: []),
        Row(
            name: "spread over three turns", marked: [0: "C", 1: "M", 2: "O"], window: 2, full: ["0-2:CMO"], partial: []
        ),
        Row(
            name: "outside the window leaves a partial", marked: [0: "C", 1: "M", 3: "O"], window: 2, full: [],
            partial: ["0-1:CM"]),
        Row(
            name: "a wider window completes it", marked: [0: "C", 1: "M", 3: "O"], window: 3, full: ["0-3:CMO"],
            partial: []),
        Row(name: "window 0 needs one turn", marked: [0: "C", 1: "M", 2: "O"], window: 0, full: [], partial: []),
        Row(name: "window 0 partial in one turn", marked: [0: "CM", 1: "O"], window: 0, full: [], partial: ["0-0:CM"]),
        Row(
            name: "two disjoint configurations", marked: [0: "C", 1: "M", 2: "O", 3: "C", 4: "M", 5: "O"], window: 2,
            full: ["0-2:CMO", "3-5:CMO"], partial: []),
        Row(
            name: "earliest end maximises the count", marked: [0: "CM", 1: "O", 2: "CMO"], window: 2,
            full: ["0-1:CMO", "2-2:CMO"], partial: []),
        Row(name: "tightest start", marked: [0: "C", 1: "C", 2: "MO"], window: 2, full: ["1-2:CMO"], partial: []),
        Row(
            name: "partial outside a full one", marked: [0: "CMO", 5: "C", 6: "O"], window: 2, full: ["0-0:CMO"],
            partial: ["5-6:CO"]),
        Row(
            name: "a partial never spans a full one", marked: [0: "C", 1: "CMO", 2: "M"], window: 2,
            full: ["1-1:CMO"], partial: []),
        Row(
            name: "turns inside a full one are not reused", marked: [0: "C", 1: "M", 2: "O", 3: "M"], window: 2,
            full: ["0-2:CMO"], partial: []),
        Row(
            name: "repeated parts are not a configuration", marked: [0: "C", 1: "C", 2: "C"], window: 2, full: [],
            partial: []),
        Row(
            name: "empty turns are ignored", marked: [0: "", 1: "M", 2: "", 3: "O"], window: 2, full: [],
            partial: ["1-3:MO"]),
    ]

    @Test(arguments: rows) func configurations(_ row: Row) {
        let marked = row.marked.map { ConfigurationFinder.MarkedTurn(index: $0.key, components: Self.parts($0.value)) }
        let found = ConfigurationFinder.find(marked, window: row.window)
        #expect(found.full.map(Self.describe) == row.full)
        #expect(found.partial.map(Self.describe) == row.partial)
    }

    @Test func inputOrderDoesNotMatter() {
        let marked = [0: "C", 1: "M", 2: "O", 4: "C", 5: "M"].map {
            ConfigurationFinder.MarkedTurn(index: $0.key, components: Self.parts($0.value))
        }
        let forward = ConfigurationFinder.find(marked.sorted { $0.index < $1.index }, window: 2)
        let backward = ConfigurationFinder.find(marked.sorted { $0.index > $1.index }, window: 2)
        #expect(forward.full == backward.full)
        #expect(forward.partial == backward.partial)
        #expect(forward.partial.map(Self.describe) == ["4-5:CM"])
    }
}
