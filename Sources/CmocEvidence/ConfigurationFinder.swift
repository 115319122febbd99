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

    /// A turn's parts as bits (`Component.bit`): what the scan works on.
    struct MaskedTurn: Sendable, Hashable {
        var index: Int
        var mask: UInt8
    }

    /// Full and partial configurations, each in turn order.
    ///
    /// - Complexity: O(n × w) for n marked turns and window w.
    public static func find(_ marked: [MarkedTurn], window: Int) -> (full: [Found], partial: [Found]) {
        find(masked: marked.map { MaskedTurn(index: $0.index, mask: ComponentMask.of($0.components)) }, window: window)
    }

    /// `find` on turns whose parts are bit masks (no set is built per turn).
    static func find(masked: [MaskedTurn], window: Int) -> (full: [Found], partial: [Found]) {
        var turns = masked.filter { $0.mask != 0 }
        if !turns.indices.dropFirst().allSatisfy({ turns[$0 - 1].index <= turns[$0].index }) {
            turns.sort { $0.index < $1.index }
        }
        let full = scan(turns, window: window, needed: 3)
        // Full configurations are disjoint and in turn order, as are the turns: one forward pass.
        var outside: [MaskedTurn] = []
        var next = 0
        for turn in turns {
            while next < full.count, full[next].last < turn.index { next += 1 }
            if next < full.count, full[next].first <= turn.index { continue }
            outside.append(turn)
        }
        let partial = scan(outside, window: window, needed: 2, barriers: full.map(\.last))
        return (full, partial)
    }

    /// Earliest-end greedy over `turns`; a configuration may not reach back over a barrier (the last
    /// turn of an earlier configuration, or of a full one when looking for partial ones; ascending).
    private static func scan(_ turns: [MaskedTurn], window: Int, needed: Int, barriers: [Int] = []) -> [Found] {
        var found: [Found] = []
        var lastEnd = Int.min
        var below = 0  // barriers[..<below] are the ones before the current end
        for j in turns.indices {
            let end = turns[j].index
            guard end > lastEnd else { continue }
            while below < barriers.count, barriers[below] < end { below += 1 }
            let floor = max(lastEnd, below > 0 ? barriers[below - 1] : Int.min)
            var covered: UInt8 = 0
            var i = j
            while i >= 0, turns[i].index > floor, end - turns[i].index <= window {
                covered |= turns[i].mask
                if covered.nonzeroBitCount >= needed {
                    found.append(Found(first: turns[i].index, last: end, components: ComponentMask.components(covered)))
                    lastEnd = end
                    break
                }
                i -= 1
            }
        }
        return found
    }
}

/// CMOC parts as bits of a byte (`Component.bit`), instead of a `Set<Component>` per turn.
enum ComponentMask {
    static func of(_ components: some Sequence<Component>) -> UInt8 {
        components.reduce(0) { $0 | $1.bit }
    }

    static func components(_ mask: UInt8) -> Set<Component> {
        Set(Component.allCases.filter { mask & $0.bit != 0 })
    }
}
