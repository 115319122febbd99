import CmocModel
import Testing
@testable import CmocCoding

/// The fast path that leaves turns no rule reads unscanned: which roles count as read (rows), and
/// a differential test against scanning every turn on generated documents.
struct ReadableRoleRow: CustomStringConvertible, Sendable {
    var name: String
    var rules: String
    /// Lower-cased role (nil: unknown speaker) -> whether some rule reads it.
    var reads: [(String?, Bool)]
    var description: String { name }
}

let readableRoleRows: [ReadableRoleRow] = [
    ReadableRoleRow(
        name: "no speakers: everyone but interviewers and researchers", rules: "- keywords: [refer]",
        reads: [(nil, true), ("gp", true), ("patient", true), ("interviewer", false), ("researcher", false)]),
    ReadableRoleRow(
        name: "speakers only: the listed roles", rules: "- keywords: [refer]\n  speakers: [GP, Interviewer]",
        reads: [(nil, false), ("gp", true), ("interviewer", true), ("patient", false), ("researcher", false)]),
    ReadableRoleRow(
        name: "both: the union", rules: "- keywords: [refer]\n- keywords: [signpost]\n  speakers: [researcher]",
        reads: [(nil, true), ("gp", true), ("interviewer", false), ("researcher", true)]),
]

@Test(arguments: readableRoleRows)
func readableRoles(_ row: ReadableRoleRow) throws {
    let compiled = try Fixture.compile(code(row.rules))
    for (role, expected) in row.reads {
        #expect(compiled.anyRuleReads(role: role) == expected, "\(row.name): \(role ?? "nil")")
    }
}

/// Rules of every kind that depends on which turns are read: default and listed speakers, windows
/// over unread turns, code references, `within_code`, a regex and negation/hedging cues.
private let differentialCodebook = """
      - id: refer
        kind: outcome
        rules:
          - keywords: [refer*, signpost*]
          - regex: 'from \\d+ to \\d+'
      - id: gp-view
        kind: context
        rules:
          - keywords: [feedback, value*]
            speakers: [gp, patient]
      - id: chain
        kind: mechanism
        rules:
          - all: [{code: refer}, {not: funding}]
          - all: [feedback, time]
            scope: {window: 2}
      - id: inside
        kind: mechanism
        rules:
          - keywords: [valued, time]
            within_code: refer
            scope: sentence

    """

@Test func skippingUnreadTurnsGivesTheHitsOfScanningEveryTurn() throws {
    let compiled = try Fixture.compile(differentialCodebook)
    let sentences = [
        "I referred him last week.", "We don't really get feedback.", "Maybe the GP values it.",
        "Her score went from 34 to 51.", "No funding, but I signpost people.", "She felt valued, not rushed.",
        "It saves time for the practice.", "Yeah, okay.", "I suppose we refer less now.",
    ]
    let roles: [String?] = [nil, "interviewer", "Interviewer", "researcher", "gp", "GP", "patient", "link_worker"]
    var rng = SystemRandomNumberGenerator()
    var seed = UInt64.random(in: 0..<UInt64.max, using: &rng)
    func next(_ n: Int) -> Int {
        // SplitMix64, so a failure can be replayed from the printed seed.
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(n))
    }
    let start = seed
    // Interviewers' and researchers' turns are the ones skipped here.
    #expect(!compiled.anyRuleReads(role: "interviewer") && !compiled.anyRuleReads(role: "researcher"))
    var compared = 0
    for _ in 0..<200 {
        var turns: [(String?, String)] = []
        for _ in 0..<(1 + next(12)) {
            let body = (0..<(1 + next(3))).map { _ in sentences[next(sentences.count)] }.joined(separator: " ")
            turns.append((roles[next(roles.count)], body))
        }
        let document = Fixture.document(turns)
        let fast = compiled.code(document, siteAttributes: [:])
        var everyTurn = DocumentEvaluation(codebook: compiled, document: document, siteAttributes: [:], scanAll: true)
        #expect(fast == everyTurn.run(), "seed \(start)")
        compared += fast.count
    }
    // The generated text must exercise the codes, or the comparison proves nothing.
    #expect(compared > 100)
}
