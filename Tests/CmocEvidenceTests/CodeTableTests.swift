import CmocModel
import CmocTestSupport
import Testing

@testable import CmocEvidence

/// Code numbers (`CodeTable`) stand for code ids in sorted order: each turn's code lists read from
/// bit masks, and the coded-turn counts per role counted flat, equal those taken from the ids
/// plainly, with and without codes the table does not have (those take the string path).
@Suite struct CodeTableTests {
    static let policy = PrepareCountsTests.policy

    /// Rows: ids in a mask, in number order, are the ids sorted.
    @Test(arguments: [
        (["b", "a", "c"], ["a", "c"]),
        (["z-2", "z-10", "a"], ["z-10", "z-2"]),
        (["only"], ["only"]),
        (["x", "y"], []),
    ] as [([String], [String])])
    func maskListsAreSorted(known: [String], chosen: [String]) throws {
        let table = CodeTable(knownCodes: Set(known), relevance: CMOCRelevance([]), codeKinds: [:])
        #expect(table.ids == known.sorted())
        var mask: UInt64 = 0
        for id in chosen { mask |= try #require(table.number(of: id).flatMap(CodeTable.bit)) }
        #expect(table.ids(in: mask) == chosen.sorted())
        #expect(table.number(of: "not-there") == nil)
    }

    @Test(arguments: [false, true]) func turnCodesAndRoleCountsMatchPlainCounts(withUnlistedCode: Bool) throws {
        let cmocs = try Fixtures.cmocs()
        let knownCodes = Set(Fixtures.codes.map(\.id))
        let codes = Fixtures.codes.map(\.id) + (withUnlistedCode ? ["not-in-codebook"] : [])
        let people: [(String?, String?)] = [("GP-1", "gp"), ("LW-1", "link_worker"), ("RES-1", "researcher"), (nil, nil)]
        var sequence = TestSequence(seed: withUnlistedCode ? 5 : 9)
        func next(_ bound: Int) -> Int { sequence.next(bound) }
        var documents: [CodedDocument] = []
        var plainByRole: [String: [String: Int]] = [:]
        var turnsWithCodes = 0
        for number in 0..<30 {
            let turns = (0..<(1 + next(8))).map { _ in
                let who = people[next(people.count)]
                return Fixtures.TurnSpec(speaker: who.0, role: who.1, text: "we refer people. The link worker helps.")
            }
            let hits = (0..<next(25)).map { _ in
                Fixtures.HitSpec(
                    turn: next(turns.count), code: codes[next(codes.count)], phrase: ["refer", "link", "helps"][next(3)],
                    direction: [.supports, .negated, .tentative][next(3)], rule: "r\(next(3))")
            }
            let coded = Fixtures.document("doc-\(number)", site: "S01", turns: turns, hits: hits)
            documents.append(coded)
            let record = DocumentRecord(coded, cmocs: cmocs, knownCodes: knownCodes, policy: Self.policy)
            for turn in record.turns {
                let mine = record.hits.filter { $0.turnIndex == turn.index }
                let coded = Set(mine.map(\.codeID)).sorted()
                #expect(turn.codedCodes == coded)
                #expect(turn.supportingCodes == Set(mine.filter { $0.direction == .supports }.map(\.codeID)).sorted())
                for code in coded { plainByRole[code, default: [:]][turn.role, default: 0] += 1 }
                if !coded.isEmpty { turnsWithCodes += 1 }
            }
        }
        var builder = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites)
        for document in documents { builder.add(document) }
        let plain = plainByRole.keys.sorted().flatMap { code in
            (plainByRole[code] ?? [:]).sorted { $0.key < $1.key }.map { CodeCount(codeID: code, key: $0.key, segments: $0.value) }
        }
        #expect(builder.finish().codeByRole == plain)
        #expect(turnsWithCodes > 30)
        #expect(plain.contains { $0.codeID == "not-in-codebook" } == withUnlistedCode)
    }
}
