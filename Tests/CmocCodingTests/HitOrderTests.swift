import CmocModel
import CmocTestSupport
import Testing
@testable import CmocCoding

/// `DocumentEvaluation.sortedByTurn` (counting sort by turn, then insertion sort per turn) against
/// the library's stable sort on the whole key, on generated hits with many ties (the rule and
/// direction of tied hits show whether their order was kept).
@Suite struct HitOrderTests {
    typealias RawHit = DocumentEvaluation.RawHit

    @Test func turnBucketsGiveTheStableSortOrder() {
        var sequence = TestSequence(seed: 0xBEEF)
        func next(_ n: Int) -> Int { sequence.next(n) }
        let directions: [Direction] = [.supports, .negated, .tentative]
        var differences = 0
        var compared = 0
        for round in 0..<500 {
            let turns = 1 + next(8)
            // Some rounds put many hits in one turn (the library-sort branch), most a few per turn.
            let count = round % 10 == 0 ? 40 + next(60) : next(30)
            let raw = (0..<count).map { _ in
                RawHit(
                    turn: next(turns), start: next(6), end: 6 + next(3), codeRank: Int32(next(3)), code: next(3),
                    rule: next(2), direction: directions[next(3)])
            }
            let expected = raw.sorted(by: <)
            let got = DocumentEvaluation.sortedByTurn(raw, turnCount: turns)
            let same = zip(expected, got).allSatisfy {
                $0.turnStart == $1.turnStart && $0.rankEnd == $1.rankEnd && $0.rule == $1.rule && $0.code == $1.code
                    && $0.direction == $1.direction
            }
            if !same || expected.count != got.count { differences += 1 }
            compared += got.count
        }
        #expect(differences == 0)
        #expect(compared > 5_000)
    }

    @Test(arguments: [
        // (turn, start, rank, end, rule) in, turns in the expected order out.
        ([(1, 0, 0, 5, 0), (0, 3, 0, 5, 0), (0, 1, 1, 4, 0), (0, 1, 0, 9, 1)], [(0, 1, 0, 9, 1), (0, 1, 1, 4, 0), (0, 3, 0, 5, 0), (1, 0, 0, 5, 0)]),
        ([(2, 0, 0, 1, 1), (2, 0, 0, 1, 0)], [(2, 0, 0, 1, 0), (2, 0, 0, 1, 1)]),
    ])
    func rows(_ input: [(Int, Int, Int, Int, Int)], _ expected: [(Int, Int, Int, Int, Int)]) {
        let raw = input.map {
            RawHit(turn: $0.0, start: $0.1, end: $0.3, codeRank: Int32($0.2), code: 0, rule: $0.4, direction: .supports)
        }
        let got = DocumentEvaluation.sortedByTurn(raw, turnCount: 3).map {
            ($0.turn, $0.start, Int($0.rankEnd >> 32), $0.end, Int($0.rule))
        }
        #expect(got.count == expected.count)
        #expect(zip(got, expected).allSatisfy { $0 == $1 })
    }
}
