/// Picks the few quotes a matrix cell shows, deterministically.
///
/// Order of preference: segments in full configurations, then partial, then isolated ones; within a
/// tier, a role already quoted fewer times goes first (spreading quotes across stakeholder groups);
/// then document id and turn index. The result depends only on the candidate set, not its order.
public enum QuoteSelection {
    /// Up to `count` quotes from `candidates`, in the order they were picked.
    ///
    /// - Complexity: O(count × candidates).
    public static func select(_ candidates: [Quote], count: Int) -> [Quote] {
        var remaining = candidates.sorted { sortKey($0) < sortKey($1) }
        var picks: [String: Int] = [:]
        var chosen: [Quote] = []
        while chosen.count < count, !remaining.isEmpty {
            var best = 0
            for index in remaining.indices.dropFirst() where isBetter(remaining[index], than: remaining[best], picks) {
                best = index
            }
            let quote = remaining.remove(at: best)
            picks[quote.role, default: 0] += 1
            chosen.append(quote)
        }
        return chosen
    }

    private static func sortKey(_ quote: Quote) -> (Int, String, Int, String) {
        (quote.tier.rank, quote.documentID, quote.turnIndex, quote.siteID)
    }

    private static func isBetter(_ a: Quote, than b: Quote, _ picks: [String: Int]) -> Bool {
        let pa = picks[a.role] ?? 0
        let pb = picks[b.role] ?? 0
        if a.tier != b.tier { return a.tier < b.tier }
        if pa != pb { return pa < pb }
        return sortKey(a) < sortKey(b)
    }
}
