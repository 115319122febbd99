/// Finds full (C+M+O) and partial (two of three) configurations in one document's turns.
///
/// A configuration is a run of turns `first...last` with `last - first <= window` whose supporting
/// hits cover the parts. Configurations never overlap, and as many as possible are counted: scanning
/// turns in order, each configuration is closed at the earliest turn that completes one (the classic
/// earliest-end greedy, which maximises the count of disjoint intervals), starting as late as possible
/// so it is the tightest. Partial configurations are then found the same way among the turns outside
/// every full configuration, so no turn counts twice.
public enum ConfigurationFinder {
    /// A turn carrying supporting hits for some CMOC parts.
    public struct MarkedTurn: Sendable, Hashable {
        public var index: Int
        public var components: Set<Component>
        public init(index: Int, components: Set<Component>) {
            self.index = index
            self.components = components
        }
    }

    /// A found configuration: its first and last turn and the parts it covers.
    public struct Found: Sendable, Hashable {
        public var first: Int
        public var last: Int
        public var components: Set<Component>
    }

    /// Full and partial configurations, each in turn order.
    ///
    /// - Complexity: O(n × w) for n marked turns and window w.
    public static func find(_ marked: [MarkedTurn], window: Int) -> (full: [Found], partial: [Found]) {
        let turns = marked.filter { !$0.components.isEmpty }.sorted { $0.index < $1.index }
        let full = scan(turns, window: window, needed: 3)
        let outside = turns.filter { turn in !full.contains { $0.first <= turn.index && turn.index <= $0.last } }
        let partial = scan(outside, window: window, needed: 2, barriers: full.map(\.last))
        return (full, partial)
    }

    /// Earliest-end greedy over `turns`; a configuration may not reach back over a barrier (the last
    /// turn of an earlier configuration, or of a full one when looking for partial ones).
    private static func scan(_ turns: [MarkedTurn], window: Int, needed: Int, barriers: [Int] = []) -> [Found] {
        var found: [Found] = []
        var lastEnd = Int.min
        for j in turns.indices {
            let end = turns[j].index
            guard end > lastEnd else { continue }
            let floor = max(lastEnd, barriers.filter { $0 < end }.max() ?? Int.min)
            var covered = Set<Component>()
            var i = j
            while i >= 0, turns[i].index > floor, end - turns[i].index <= window {
                covered.formUnion(turns[i].components)
                if covered.count >= needed {
                    found.append(Found(first: turns[i].index, last: end, components: covered))
                    lastEnd = end
                    break
                }
                i -= 1
            }
        }
        return found
    }
}
