import Testing

@testable import CmocEvidence

/// Which of one document's quote candidates an empty shortlist keeps: the first `limit` per tier
/// and role; a shortlist that already holds candidates admits every one.
@Suite struct ShortlistFillTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var fresh: Bool
        var limit: Int
        var candidates: [(QuoteTier, String)]
        var admitted: [Bool]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "first two of one group", fresh: true, limit: 2,
            candidates: [(.isolated, "gp"), (.isolated, "gp"), (.isolated, "gp")], admitted: [true, true, false]),
        Row(
            name: "groups counted apart", fresh: true, limit: 1,
            candidates: [(.isolated, "gp"), (.full, "gp"), (.isolated, "patient"), (.isolated, "gp"), (.full, "gp")],
            admitted: [true, true, true, false, false]),
        Row(
            name: "not fresh admits all", fresh: false, limit: 1,
            candidates: [(.partial, "gp"), (.partial, "gp"), (.partial, "gp")], admitted: [true, true, true]),
        Row(
            name: "limit zero admits the first only (the shortlist keeps none anyway)", fresh: true, limit: 0,
            candidates: [(.full, "gp"), (.full, "gp")], admitted: [true, false]),
    ]

    @Test(arguments: rows) func admits(_ row: Row) {
        var fill = ShortlistFill(fresh: row.fresh, limit: row.limit)
        #expect(row.candidates.map { fill.admits($0.0, $0.1) } == row.admitted)
    }

    /// Skipping the candidates `ShortlistFill` turns away leaves an empty shortlist as inserting all would.
    @Test func skippingKeepsTheSameShortlist() {
        let roles = ["gp", "patient", "link_worker"]
        let tiers: [QuoteTier] = [.full, .partial, .isolated]
        var all = QuoteSelection.Shortlist<Int>(limit: 2)
        var skipped = QuoteSelection.Shortlist<Int>(limit: 2)
        var fill = ShortlistFill(fresh: true, limit: 2)
        for turn in 0..<40 {
            let candidate = QuoteSelection.Candidate(
                tier: tiers[turn % 3], role: roles[turn / 3 % 3], documentID: "D1", turnIndex: turn, siteID: "S1",
                payload: turn)
            all.insert(candidate)
            if fill.admits(candidate.tier, candidate.role) { skipped.insert(candidate) }
        }
        #expect(all.candidates.map(\.payload).sorted() == skipped.candidates.map(\.payload).sorted())
        #expect(all.candidates.count == 2 * 9)
    }
}
