import CmocModel
import CmocTestSupport
import Testing

@testable import CmocEvidence

/// The per-document counts `prepare` takes with fewer hash look-ups (rule hits counted a run at a
/// time, evidence roles and code CMOCs remembered, a turn's role and speaker skipped when one of the
/// last two turns had them) equal the counts taken plainly, per hit and per turn.
@Suite struct PrepareCountsTests {
    static let policy = EvidencePolicy(
        excludedRoles: EvidenceBuilder.defaultExcludedRoles,
        observationDataTypes: EvidenceBuilder.defaultObservationDataTypes, unknownRole: EvidenceBuilder.unknownRole)

    /// Rules in runs, interleaved, and a rule coming back after others: counted as one per hit.
    @Test(arguments: [
        (["a"], ["a": 1]),
        (["a", "a", "a"], ["a": 3]),
        (["a", "b", "a"], ["a": 2, "b": 1]),
        (["a", "a", "b", "b", "a", "c", "c", "a"], ["a": 4, "b": 2, "c": 2]),
        ([], [:]),
    ] as [([String], [String: Int])])
    func ruleHitsCountEveryHit(rules: [String], expected: [String: Int]) throws {
        let hits = rules.map { Fixtures.HitSpec(turn: 0, code: "out-referral", phrase: "refer", rule: $0) }
        let coded = Fixtures.document(
            "d", site: "S01", turns: [.init(speaker: "GP-1", role: "gp", text: "I refer people.")], hits: hits)
        let record = DocumentRecord(
            coded, cmocs: try Fixtures.cmocs(), knownCodes: Set(Fixtures.codes.map(\.id)), policy: Self.policy)
        #expect(record.ruleHits == expected)
        #expect(record.hitCount == rules.count)
    }

    /// Generated documents: several speakers and roles (one excluded, one unregistered) in changing
    /// order, hits of random codes (one unknown) and rules, some outside any turn. The record's rule
    /// counts and CMOC evidence equal those taken hit by hit, and the report's speakers per role
    /// equal those counted from the turns.
    @Test func generatedDocumentsMatchPlainCounts() throws {
        let cmocs = try Fixtures.cmocs()
        let knownCodes = Set(Fixtures.codes.map(\.id))
        let codes = Fixtures.codes.map(\.id) + ["not-in-codebook"]
        let people: [(String?, String?)] = [
            ("GP-1", "gp"), ("GP-2", "gp"), ("LW-1", "link_worker"), ("RES-1", "researcher"), (nil, "patient"),
            ("X-9", nil),
        ]
        let words = ["we", "refer", "people", "often.", "The", "link", "worker", "helps", "a", "lot!", "\n"]
        var sequence = TestSequence(seed: 42)
        func next(_ bound: Int) -> Int { sequence.next(bound) }
        var documents: [CodedDocument] = []
        for number in 0..<40 {
            var turns: [Fixtures.TurnSpec] = []
            for _ in 0..<(1 + next(12)) {
                // Mostly two people taking turns, now and then a third.
                let who = next(4) == 0 ? people[next(people.count)] : people[turns.count % 2 + 2 * (number % 3)]
                let text = (0..<(3 + next(20))).map { _ in words[next(words.count)] }.joined(separator: " ")
                turns.append(.init(speaker: who.0, role: who.1, text: text))
            }
            var hits: [Fixtures.HitSpec] = []
            for _ in 0..<next(30) {
                let turn = next(turns.count)
                let code = codes[next(codes.count)]
                hits.append(
                    .init(
                        turn: turn, code: code, phrase: words[next(words.count - 1)],
                        direction: [.supports, .negated, .tentative][next(3)], rule: "\(code)/\(next(3))"))
            }
            var coded = Fixtures.document(
                "doc-\(number)", site: number % 2 == 0 ? "S01" : "S02", dataType: number % 5 == 0 ? "observation" : "interview",
                turns: turns, hits: hits)
            // Now and then a hit in a turn the document does not have (dropped with a warning).
            if next(4) == 0 {
                coded.hits.append(
                    CodeHit(
                        documentID: coded.document.id, turnIndex: 99, codeID: "out-referral", ruleID: "r",
                        span: ByteSpan(0, 1), direction: .supports))
            }
            documents.append(coded)

            let record = DocumentRecord(coded, cmocs: cmocs, knownCodes: knownCodes, policy: Self.policy)
            var plainRules: [String: Int] = [:]
            for hit in record.hits { plainRules[hit.ruleID, default: 0] += 1 }
            #expect(record.ruleHits == plainRules)
            #expect(record.hitCount == record.hits.count)

            // The CMOC evidence from hits filed plainly: the policy and the code table asked per hit.
            let relevance = CMOCRelevance(cmocs)
            var relevant = [[(hit: Int, component: Component?)]](repeating: [], count: cmocs.count)
            for (index, hit) in record.hits.enumerated() {
                let role = record.turn(hit.turnIndex)?.role ?? EvidenceBuilder.unknownRole
                guard Self.policy.countsAsEvidence(role: role, dataType: coded.document.dataType) else { continue }
                for (cmoc, component) in relevance.byCode[hit.codeID] ?? [] { relevant[cmoc].append((index, component)) }
            }
            for (index, cmoc) in cmocs.enumerated() {
                let plain = DocumentRecord.evidence(
                    for: cmoc, documentID: record.id, site: record.site, hits: record.hits, considering: relevant[index]
                ) { turnIndex in record.turn(turnIndex).map { ($0.role, $0.speaker) } }
                #expect(record.cmocs[index] == plain)
            }
        }

        var builder = EvidenceBuilder(cmocs: cmocs, codes: Fixtures.codes, sites: Fixtures.sites)
        for document in documents { builder.add(document) }
        let report = builder.finish()
        var expected: [String: [String: Set<String>]] = [:]
        for document in documents {
            for turn in document.document.turns {
                guard let speaker = turn.speaker else { continue }
                expected[document.document.site, default: [:]][turn.role ?? EvidenceBuilder.unknownRole, default: []]
                    .insert(speaker)
            }
        }
        let plainParticipants = expected.keys.sorted().flatMap { site in
            (expected[site] ?? [:]).sorted { $0.key < $1.key }.map {
                SpeakerCount(siteID: site, role: $0.key, speakers: $0.value.count)
            }
        }
        #expect(report.participants == plainParticipants)
        #expect(report.participants.count > 4)
    }
}
