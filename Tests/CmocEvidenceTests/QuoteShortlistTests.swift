import CmocTestSupport
import Testing

@testable import CmocEvidence

/// The running cells keep only a shortlist of quote candidates; choosing from it must give exactly
/// the quotes chosen from every candidate, whatever the order candidates arrive in.
@Suite struct QuoteShortlistTests {
    typealias Candidate = QuoteSelection.Candidate<Int>

    /// Deterministic pseudo-random candidates: few roles and tiers, so groups overflow.
    static func candidates(seed: UInt64, count: Int) -> [Candidate] {
        var sequence = TestSequence(seed: seed)
        func next(_ n: Int) -> Int { sequence.next(n) }
        let roles = ["gp", "link_worker", "patient", "practice_manager"]
        let tiers: [QuoteTier] = [.full, .partial, .isolated]
        return (0..<count).map { index in
            Candidate(
                tier: tiers[next(3)], role: roles[next(roles.count)], documentID: "D\(next(40))",
                turnIndex: next(200), siteID: "S\(next(3))", payload: index)
        }
    }

    @Test(arguments: [(1, 0), (2, 1), (3, 3), (4, 5), (5, 1), (6, 10)])
    func shortlistChoosesWhatTheFullListChooses(_ seed: Int, _ limit: Int) {
        let all = Self.candidates(seed: UInt64(seed), count: 400)
        for order in [all, all.reversed()] {
            var shortlist = QuoteSelection.Shortlist<Int>(limit: limit)
            for candidate in order { shortlist.insert(candidate) }
            #expect(shortlist.candidates.count <= limit * 3 * 4)
            let fromShortlist = QuoteSelection.select(shortlist.candidates, count: limit).map(\.payload)
            let fromAll = QuoteSelection.select(all, count: limit).map(\.payload)
            #expect(fromShortlist == fromAll)
        }
    }

    /// Merging shortlists (a document's part into a running cell) keeps, group by group, exactly the
    /// candidates inserting the other's candidates one by one keeps, in the same order.
    @Test(arguments: [(7, 0), (8, 1), (9, 3), (10, 5)])
    func mergingEqualsInsertingOneByOne(_ seed: Int, _ limit: Int) {
        let all = Self.candidates(seed: UInt64(seed), count: 600)
        var merged = QuoteSelection.Shortlist<Int>(limit: limit)
        var inserted = QuoteSelection.Shortlist<Int>(limit: limit)
        // Parts of uneven sizes, as documents give them.
        var start = 0
        var size = 1
        while start < all.count {
            var part = QuoteSelection.Shortlist<Int>(limit: limit)
            for candidate in all[start..<min(start + size, all.count)] { part.insert(candidate) }
            merged.merge(part)
            for candidate in part.candidates { inserted.insert(candidate) }
            start += size
            size = size % 37 + 5
        }
        #expect(Set(merged.groups.keys) == Set(inserted.groups.keys))
        for (group, candidates) in inserted.groups {
            #expect(merged.groups[group]?.map(\.payload) == candidates.map(\.payload))
        }
        #expect(limit == 0 || !merged.isEmpty)
    }
}
