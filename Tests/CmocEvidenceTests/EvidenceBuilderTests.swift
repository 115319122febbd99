import CmocEvidence
import CmocModel
import CmocReports
import Testing

/// The accumulator: refutation and tentative counting, exclusions, gaps, quote choice, warnings, and
/// results that do not depend on the order documents were added or shards merged.
@Suite struct EvidenceBuilderTests {
    static func report(_ documents: [CodedDocument], quotes: Int = 3) throws -> EvidenceReport {
        var builder = EvidenceBuilder(
            cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites, quotesPerCell: quotes)
        for document in documents { builder.add(document) }
        return builder.finish()
    }

    static func cell(_ report: EvidenceReport, site: String, cmoc: String) throws -> CellEvidence {
        let matrix = try #require(report.sites.first { $0.site.id == site })
        return try #require(matrix.rows.first { $0.cmocID == cmoc })
    }

    @Test func refutationCounting() throws {
        let text = "Roles are clear here. The work is demarcated. The role is understood. Roles are confused."
        let turns = (0..<5).map { _ in Fixtures.TurnSpec(speaker: "GP-A1", role: "gp", text: text) }
        let document = Fixtures.document(
            "R1", site: "S01", turns: turns,
            hits: [
                // Turn 0: two negated hits in one turn count as one refuting segment.
                .init(turn: 0, code: "ctx-clear-role-boundaries", phrase: "Roles are clear", direction: .negated),
                .init(turn: 0, code: "mech-demarcation", phrase: "work is demarcated", direction: .negated),
                // Turn 1: a supporting counter-evidence hit refutes.
                .init(turn: 1, code: "ctx-role-confusion", phrase: "Roles are confused"),
                // Turn 2: a negated counter-evidence hit counts for nothing.
                .init(turn: 2, code: "ctx-role-confusion", phrase: "Roles are confused", direction: .negated),
                // Turn 3: tentative hits are counted apart, of C/M/O and of counter-evidence codes.
                .init(turn: 3, code: "out-role-understood", phrase: "role is understood", direction: .tentative),
                .init(turn: 4, code: "ctx-role-confusion", phrase: "Roles are confused", direction: .tentative),
                // Turn 4 also supports the outcome.
                .init(turn: 4, code: "out-role-understood", phrase: "role is understood"),
            ])
        let cell = try Self.cell(try Self.report([document]), site: "S01", cmoc: "cmoc-coherence")
        #expect(cell.refutingSegments == 2)
        #expect(cell.tentativeSegments == 2)
        #expect(cell.supportingSegments == 1)
        #expect(cell.outcomeSegments == 1)
        #expect(cell.refutingRoles == ["gp"])
        #expect(cell.refutingQuotes.map(\.turnIndex) == [0, 1])
        #expect(cell.grade == .contested)
    }

    @Test func excludedRolesAreNotEvidenceButStayInTheTables() throws {
        let report = try Self.report(Fixtures.corpus)
        let coherence = try Self.cell(report, site: "S01", cmoc: "cmoc-coherence")
        // D001 turn 0 is the interviewer's question with a context hit: not counted.
        #expect(coherence.contextSegments == 1)
        #expect(!coherence.quotes.contains { $0.role == "interviewer" })
        #expect(report.segments.contains { $0.role == "interviewer" && $0.codeID == "ctx-clear-role-boundaries" })
        #expect(report.presence.count == Fixtures.corpus.map(\.document.turns.count).reduce(0, +))
    }

    @Test func gapsAndTriangulation() throws {
        let report = try Self.report(Fixtures.corpus)
        let monitoring = try Self.cell(report, site: "S02", cmoc: "cmoc-reflexive-monitoring")
        #expect(monitoring.roles == ["link_worker", "patient"])
        #expect(monitoring.speakers == 2)
        #expect(monitoring.gaps.roles == ["gp"])
        #expect(monitoring.gaps.dataTypes == [])
        let participation = try Self.cell(report, site: "S01", cmoc: "cmoc-cognitive-participation")
        #expect(participation.gaps.dataTypes == ["observation"])
        let overall = try #require(report.overall.first { $0.cmocID == "cmoc-reflexive-monitoring" })
        #expect(overall.siteID == nil)
        #expect(overall.sites == 2)
        #expect(overall.supportingSegments == 3)
    }

    @Test func orderOfDocumentsDoesNotMatter() throws {
        let forward = try Self.report(Fixtures.corpus)
        let backward = try Self.report(Fixtures.corpus.reversed())
        let shuffled = try Self.report([Fixtures.corpus[1], Fixtures.corpus[2], Fixtures.corpus[0]])
        #expect(forward == backward)
        #expect(forward == shuffled)
        #expect(
            Reports.render(forward, context: Fixtures.context) == Reports.render(backward, context: Fixtures.context))
        #expect(
            Reports.render(forward, context: Fixtures.context) == Reports.render(shuffled, context: Fixtures.context))
    }

    /// Prepared in parallel (any order), added in any order: the same report as plain `add`.
    @Test func preparedDocumentsGiveTheSameReport() async throws {
        let expected = try Self.report(Fixtures.corpus)
        var builder = EvidenceBuilder(cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites)
        let preparer = builder.preparer
        let prepared = await withTaskGroup(of: EvidenceBuilder.PreparedDocument.self) { group in
            for document in Fixtures.corpus { group.addTask { preparer.prepare(document) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for document in prepared.reversed() { builder.add(document) }
        #expect(builder.finish() == expected)
    }

    @Test func duplicatesAreWarnedAboutAndCountedOnce() throws {
        var builder = EvidenceBuilder(cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites)
        builder.add(Fixtures.corpus[0])
        builder.add(Fixtures.corpus[0])
        let report = builder.finish()
        #expect(report.documents.count == 1)
        #expect(report.warnings.map(\.message).contains { $0.contains("`D001` was added more than once") })
        let once = try Self.report([Fixtures.corpus[0]])
        #expect(report.sites == once.sites)
        #expect(report.overall == once.overall)
    }

    @Test func documentsOfUnknownSitesAreReportedWithAWarning() throws {
        let document = Fixtures.document(
            "U1", site: "S99", turns: [Fixtures.TurnSpec(speaker: "GP-Z1", role: "gp", text: "Hello.")], hits: [])
        let report = try Self.report([document])
        #expect(report.sites.map(\.site) == [SiteInfo(id: "S99", attributes: [:])])
        #expect(
            report.warnings.map(\.message) == [
                "site `S99` of 1 document(s) is not in the site table; it is reported without attributes"
            ])
    }

    @Test func badHitsAreSkippedOrClampedWithWarnings() throws {
        let secret = "Dr Jane Realname"
        var document = Fixtures.document(
            "B1", site: "S01",
            turns: [Fixtures.TurnSpec(speaker: "GP-A1", role: "gp", text: "\(secret) said roles are clear.")],
            hits: [.init(turn: 0, code: "ctx-clear-role-boundaries", phrase: "roles are clear")])
        let good = document.hits[0]
        var missingTurn = good
        missingTurn.turnIndex = 7
        var wrongDocument = good
        wrongDocument.documentID = "OTHER"
        var wideSpan = good
        wideSpan.span = ByteSpan(3, 999)
        var unknownCode = good
        unknownCode.codeID = "ctx-not-in-codebook"
        document.hits += [missingTurn, wrongDocument, wideSpan, unknownCode]
        let report = try Self.report([document])
        let messages = report.warnings.map(\.description)
        #expect(report.warnings.count == 4, "\(messages)")
        #expect(messages.contains { $0.contains("turn 7, which it does not have") })
        #expect(messages.contains { $0.contains("hit for document `OTHER`") })
        #expect(messages.contains { $0.contains("outside the turn text; it was clamped") })
        #expect(messages.contains { $0.contains("`ctx-not-in-codebook` is not in the code list") })
        #expect(!messages.contains { $0.contains("Realname") })
        #expect(report.segments.count == 3)
        #expect(report.segments.first { $0.codeID == "ctx-not-in-codebook" }?.codeKind == "")
    }

    // MARK: Quotes

    static func quote(_ document: String, _ turn: Int, role: String, tier: QuoteTier) -> Quote {
        Quote(
            siteID: "S01", documentID: document, turnIndex: turn, speaker: nil, role: role, start: nil, excerpt: "",
            highlight: ByteSpan(0, 0), components: [], codes: [], tier: tier)
    }

    struct QuoteRow: CustomTestStringConvertible, Sendable {
        var name: String
        var candidates: [Quote]
        var count: Int
        var expected: [String]
        var testDescription: String { name }
    }

    static let quoteRows: [QuoteRow] = [
        QuoteRow(
            name: "full configurations first",
            candidates: [quote("D1", 1, role: "gp", tier: .isolated), quote("D2", 5, role: "gp", tier: .full)],
            count: 1, expected: ["D2#5"]),
        QuoteRow(
            name: "then partial before isolated",
            candidates: [
                quote("D1", 1, role: "gp", tier: .isolated), quote("D3", 2, role: "gp", tier: .partial),
                quote("D2", 5, role: "gp", tier: .full),
            ],
            count: 3, expected: ["D2#5", "D3#2", "D1#1"]),
        QuoteRow(
            name: "spread across roles within a tier",
            candidates: [
                quote("D1", 1, role: "link_worker", tier: .isolated),
                quote("D1", 2, role: "link_worker", tier: .isolated),
                quote("D2", 9, role: "patient", tier: .isolated), quote("D3", 0, role: "gp", tier: .isolated),
            ],
            count: 3, expected: ["D1#1", "D2#9", "D3#0"]),
        QuoteRow(
            name: "then document and turn",
            candidates: [
                quote("D2", 1, role: "gp", tier: .full), quote("D1", 7, role: "gp", tier: .full),
                quote("D1", 3, role: "gp", tier: .full),
            ],
            count: 2, expected: ["D1#3", "D1#7"]),
        QuoteRow(
            name: "fewer candidates than slots", candidates: [quote("D1", 1, role: "gp", tier: .full)], count: 3,
            expected: ["D1#1"]),
        QuoteRow(name: "zero slots", candidates: [quote("D1", 1, role: "gp", tier: .full)], count: 0, expected: []),
    ]

    @Test(arguments: quoteRows) func quoteSelection(_ row: QuoteRow) {
        let picked = QuoteSelection.select(row.candidates, count: row.count).map { "\($0.documentID)#\($0.turnIndex)" }
        #expect(picked == row.expected)
        let reversed = QuoteSelection.select(row.candidates.reversed(), count: row.count).map {
            "\($0.documentID)#\($0.turnIndex)"
        }
        #expect(reversed == row.expected)
    }

    @Test func quotesPerCellIsHonoured() throws {
        let report = try Self.report(Fixtures.corpus, quotes: 1)
        let cells = report.sites.flatMap(\.rows) + report.overall
        #expect(cells.allSatisfy { $0.quotes.count <= 1 && $0.refutingQuotes.count <= 1 })
        let coherence = try Self.cell(report, site: "S01", cmoc: "cmoc-coherence")
        #expect(coherence.quotes.map(\.turnIndex) == [1])
        #expect(coherence.quotes.first?.tier == .full)
        #expect(coherence.quotes.first?.start == 5.5)
    }
}

/// Documents whose turn indices do not run 0, 1, 2… (a segmenter that drops empty turns).
@Suite struct SparseTurnTests {
    @Test func gapsInTurnIndicesAreHandled() throws {
        var document = Fixtures.document(
            "G1", site: "S01",
            turns: [
                Fixtures.TurnSpec(speaker: "LW-A1", role: "link_worker", text: "Roles are clear here."),
                Fixtures.TurnSpec(speaker: "GP-A1", role: "gp", text: "We demarcate the work."),
                Fixtures.TurnSpec(speaker: "GP-A1", role: "gp", text: "The role is understood."),
            ],
            hits: [
                .init(turn: 0, code: "ctx-clear-role-boundaries", phrase: "Roles are clear"),
                .init(turn: 1, code: "mech-demarcation", phrase: "demarcate the work"),
                .init(turn: 2, code: "out-role-understood", phrase: "role is understood"),
            ])
        // Re-number the turns 0, 4, 5 (and their hits): the window of 2 now spans only turns 4 and 5.
        let renumber = [0: 0, 1: 4, 2: 5]
        for position in document.document.turns.indices {
            document.document.turns[position].index = renumber[position] ?? position
        }
        for position in document.hits.indices {
            document.hits[position].turnIndex = renumber[document.hits[position].turnIndex] ?? 0
        }
        let report = try EvidenceBuilderTests.report([document])
        let cell = try EvidenceBuilderTests.cell(report, site: "S01", cmoc: "cmoc-coherence")
        #expect(cell.fullConfigurations.isEmpty)
        #expect(cell.partialConfigurations.map { "\($0.firstTurn)-\($0.lastTurn)" } == ["4-5"])
        #expect(cell.partialConfigurations.first?.roles == ["gp"])
        #expect(Set(cell.quotes.map(\.turnIndex)) == [0, 4, 5])
        #expect(report.presence.map(\.turnIndex) == [0, 4, 5])
    }
}
