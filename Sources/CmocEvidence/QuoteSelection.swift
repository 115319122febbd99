/// Picks the few quotes a matrix cell shows, deterministically.
///
/// Order of preference: segments in full configurations, then partial, then isolated ones; within a
/// tier, a role already quoted fewer times goes first (spreading quotes across stakeholder groups);
/// then document id and turn index. The result depends only on the candidate set, not its order.
public enum QuoteSelection {
    /// What selection looks at; `payload` lets callers build the full quote only for the chosen few.
    struct Candidate<Payload> {
        var tier: QuoteTier
        var role: String
        var documentID: String
        var turnIndex: Int
        var siteID: String
        var payload: Payload

        var sortKey: (Int, String, Int, String) { (tier.rank, documentID, turnIndex, siteID) }
    }

    /// Up to `count` quotes from `candidates`, in the order they were picked.
    ///
    /// - Complexity: O(count × candidates).
    public static func select(_ candidates: [Quote], count: Int) -> [Quote] {
        select(
            candidates.map {
                Candidate(
                    tier: $0.tier, role: $0.role, documentID: $0.documentID, turnIndex: $0.turnIndex, siteID: $0.siteID,
                    payload: $0)
            }, count: count
        ).map(\.payload)
    }

    static func select<Payload>(_ candidates: [Candidate<Payload>], count: Int) -> [Candidate<Payload>] {
        guard count > 0 else { return [] }
        var remaining = candidates
        var picks: [String: Int] = [:]
        var chosen: [Candidate<Payload>] = []
        while chosen.count < count, !remaining.isEmpty {
            var best = 0
            for index in remaining.indices.dropFirst() where isBetter(remaining[index], than: remaining[best], picks) {
                best = index
            }
            let candidate = remaining.remove(at: best)
            picks[candidate.role, default: 0] += 1
            chosen.append(candidate)
        }
        return chosen
    }

    private static func isBetter<Payload>(
        _ a: Candidate<Payload>, than b: Candidate<Payload>, _ picks: [String: Int]
    ) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        let pa = picks[a.role] ?? 0
        let pb = picks[b.role] ?? 0
        if pa != pb { return pa < pb }
        return a.sortKey < b.sortKey
    }
}

extension QuoteSelection.Candidate: Sendable where Payload: Sendable {}

extension QuoteSelection {
    /// The candidates that can still be picked when `limit` quotes are chosen, gathered one at a
    /// time: per tier and role, only the first `limit` in document/turn order. Selection takes a
    /// group's candidates in that order, and stops after `limit` picks, so a later one never wins;
    /// `select(shortlist.candidates)` equals `select(all)`.
    struct Shortlist<Payload> {
        struct Group: Hashable, Sendable {
            var tier: QuoteTier
            var role: String
        }

        let limit: Int
        private(set) var groups: [Group: [Candidate<Payload>]] = [:]

        init(limit: Int) { self.limit = limit }

        mutating func insert(_ candidate: Candidate<Payload>) {
            guard limit > 0 else { return }
            Self.add(candidate, to: &groups[Group(tier: candidate.tier, role: candidate.role), default: []], limit: limit)
        }

        /// Inserts every candidate of `other`, a group at a time (one look-up per group, not three
        /// per candidate): the same as inserting `other.candidates` one by one.
        mutating func merge(_ other: Shortlist) {
            guard limit > 0 else { return }
            for (group, candidates) in other.groups {
                Self.add(contentsOf: candidates, to: &groups[group, default: []], limit: limit)
            }
        }

        /// Appends `candidate` to its group's list, then drops the list's greatest when it is over `limit`.
        private static func add(_ candidate: Candidate<Payload>, to list: inout [Candidate<Payload>], limit: Int) {
            list.append(candidate)
            if list.count > limit { list.removeGreatest(by: { $0.sortKey < $1.sortKey }) }
        }

        private static func add(
            contentsOf candidates: [Candidate<Payload>], to list: inout [Candidate<Payload>], limit: Int
        ) {
            for candidate in candidates { add(candidate, to: &list, limit: limit) }
        }

        var candidates: [Candidate<Payload>] { groups.values.flatMap { $0 } }

        var isEmpty: Bool { groups.isEmpty }
    }
}

extension QuoteSelection.Shortlist: Sendable where Payload: Sendable {}

extension Array {
    /// Removes the greatest element by `isLess` (the first of equals).
    fileprivate mutating func removeGreatest(by isLess: (Element, Element) -> Bool) {
        guard var worst = indices.first else { return }
        for index in indices.dropFirst() where isLess(self[worst], self[index]) { worst = index }
        remove(at: worst)
    }
}
