import CmocModel
import Testing
@testable import CmocCoding

/// Every rule operator, as rows of (rules of code `c`, sentence, expected hits of `c`).
struct OperatorRow: CustomStringConvertible, Sendable {
    var name: String
    var rules: String
    var text: String
    var expected: [String]
    var description: String { name }
}

/// Wraps rule lines into a one-code codebook body.
func code(_ rules: String, extra: String = "") -> String {
    "  - id: c\n    kind: mechanism\n    rules:\n" + rules.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n" + extra
}

let operatorRows: [OperatorRow] = [
    OperatorRow(name: "keywords", rules: "- keywords: [refer, signpost*]", text: "We refer and signposted.",
                expected: ["0:c:We [[refer]] and signposted.:supports", "0:c:We refer and [[signposted]].:supports"]),
    OperatorRow(name: "bare string shorthand", rules: "- referral*", text: "Referrals rose.", expected: ["0:c:[[Referrals]] rose.:supports"]),
    OperatorRow(name: "phrase", rules: "- phrase: not my job", text: "That's not, my job.", expected: ["0:c:That's [[not, my job]].:supports"]),
    OperatorRow(name: "regex with UTF-16 offsets converted", rules: "- regex: 'score \\d+'", text: "Café score 42 now",
                expected: ["0:c:Café [[score 42]] now:supports"]),
    OperatorRow(name: "near either order", rules: "- near: [feedback, patient*]\n  within: 2", text: "Patients give feedback.",
                expected: ["0:c:[[Patients give feedback]].:supports"]),
    OperatorRow(name: "near too far", rules: "- near: [feedback, patient*]\n  within: 1", text: "Patients rarely ever give feedback.", expected: []),
    OperatorRow(name: "near with lists", rules: "- near: [[gp, nurse], [refer*, send*]]", text: "The nurse will send them.",
                expected: ["0:c:The [[nurse will send]] them.:supports"]),
    OperatorRow(name: "followed_by in order", rules: "- followed_by: [gp*, refer*]\n  within: 3", text: "GPs now refer.",
                expected: ["0:c:[[GPs now refer]].:supports"]),
    OperatorRow(name: "followed_by wrong order", rules: "- followed_by: [gp*, refer*]", text: "We refer to GPs.", expected: []),
    OperatorRow(name: "all in one turn", rules: "- all: [feedback, gp]", text: "Feedback goes to the GP.",
                expected: ["0:c:[[Feedback]] goes to the GP.:supports", "0:c:Feedback goes to the [[GP]].:supports"]),
    OperatorRow(name: "all fails when one is missing", rules: "- all: [feedback, gp]", text: "Feedback goes to the nurse.", expected: []),
    OperatorRow(name: "any", rules: "- any: [feedback, {regex: 'gp'}]", text: "gp", expected: ["0:c:[[gp]]:supports"]),
    OperatorRow(name: "not excludes", rules: "- all: [feedback, {not: complaint*}]", text: "Feedback and complaints.", expected: []),
    OperatorRow(name: "not lets through", rules: "- all: [feedback, {not: complaint*}]", text: "Feedback is good.",
                expected: ["0:c:[[Feedback]] is good.:supports"]),
    OperatorRow(name: "same_sentence holds", rules: "- same_sentence: [feedback, gp]", text: "Feedback to the GP. Later.",
                expected: ["0:c:[[Feedback]] to the GP. Later.:supports", "0:c:Feedback to the [[GP]]. Later.:supports"]),
    OperatorRow(name: "same_sentence across sentences", rules: "- same_sentence: [feedback, gp]", text: "Feedback is rare. The GP knows.", expected: []),
    OperatorRow(name: "scope sentence", rules: "- all: [feedback, gp]\n  scope: sentence", text: "Feedback is rare. The GP knows.", expected: []),
    OperatorRow(name: "scope turn (default)", rules: "- all: [feedback, gp]", text: "Feedback is rare. The GP knows.",
                expected: ["0:c:[[Feedback]] is rare. The GP knows.:supports", "0:c:Feedback is rare. The [[GP]] knows.:supports"]),
]

@Test(arguments: operatorRows)
func operatorTable(_ row: OperatorRow) throws {
    #expect(try Fixture.run(code(row.rules), row.text) == row.expected, "\(row.name)")
}

@Test func codeReferenceReusesAnotherCodesHits() throws {
    let body = """
          - id: base
            kind: context
            rules: [{keywords: [funding]}]
          - id: c
            kind: context
            rules: [{code: base}]

        """
    #expect(try Fixture.run(body, "No funding yet.") == ["0:c:No [[funding]] yet.:negated"])
}

@Test func withinCodeKeepsOnlyHitsInsideSegmentsOfThatCode() throws {
    let body = """
          - id: topic
            kind: context
            rules: [{keywords: [link worker]}]
          - id: c
            kind: mechanism
            rules: [{keywords: [valued], within_code: topic, scope: sentence}]

        """
    #expect(try Fixture.run(body, "The link worker felt valued. I felt valued too.")
        == ["0:c:The link worker felt [[valued]]. I felt valued too.:supports"])
}

@Test func interviewerTurnsAreExcludedByDefault() throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]"))
    let document = Fixture.document([("interviewer", "Do you refer?"), ("researcher", "refer"), ("gp", "I refer."), (nil, "refer")])
    #expect(compiled.code(document, siteAttributes: [:]).map(\.turnIndex) == [2, 3])
}

@Test func speakerFilterSelectsRoles() throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]\n  speakers: [GP, interviewer]"))
    let document = Fixture.document([("interviewer", "Do you refer?"), ("gp", "I refer."), ("patient", "refer"), (nil, "refer")])
    #expect(compiled.code(document, siteAttributes: [:]).map(\.turnIndex) == [0, 1])
}

@Test func siteFilterNeedsAnAcceptedValue() throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]\n  site: {integration_level: [full]}"))
    let document = Fixture.document([(nil, "refer")])
    #expect(compiled.code(document, siteAttributes: ["integration_level": "full"]).count == 1)
    #expect(compiled.code(document, siteAttributes: ["integration_level": "partial"]).isEmpty)
    #expect(compiled.code(document, siteAttributes: [:]).isEmpty)
}

@Test func windowScopeSpansNeighbouringTurns() throws {
    let rules = "- all: [feedback, gp]\n  scope: {window: 1}"
    let compiled = try Fixture.compile(code(rules))
    let near = Fixture.document([(nil, "Feedback matters."), ("interviewer", "Go on."), (nil, "The GP agrees.")])
    // The interviewer turn in between is skipped, but still counts for the window's width.
    #expect(compiled.code(near, siteAttributes: [:]).isEmpty)
    let adjacent = Fixture.document([(nil, "Feedback matters."), (nil, "The GP agrees.")])
    #expect(Fixture.render(compiled.code(adjacent, siteAttributes: [:]), adjacent)
        == ["0:c:[[Feedback]] matters.:supports", "1:c:The [[GP]] agrees.:supports"])
    let turnScope = try Fixture.compile(code("- all: [feedback, gp]"))
    #expect(turnScope.code(adjacent, siteAttributes: [:]).isEmpty)
}

@Test func ruleIDsUseNamesOrOneBasedIndexes() throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]\n- name: signposting\n  keywords: [signpost]"))
    let document = Fixture.document([(nil, "refer and signpost")])
    #expect(compiled.code(document, siteAttributes: [:]).map(\.ruleID) == ["c/1", "c/signposting"])
}

@Test func outputIsOrderedByTurnStartCodeAndDeduplicated() throws {
    let body = """
          - id: zeta
            kind: outcome
            rules: [{keywords: [refer]}, {keywords: [refer*]}]
          - id: alpha
            kind: outcome
            rules: [{keywords: [refer]}]

        """
    let compiled = try Fixture.compile(body)
    let document = Fixture.document([(nil, "refer them"), (nil, "we refer")])
    let hits = compiled.code(document, siteAttributes: [:])
    #expect(hits.map { "\($0.turnIndex) \($0.span.start) \($0.codeID) \($0.ruleID)" }
        == ["0 0 alpha alpha/1", "0 0 zeta zeta/1", "1 3 alpha alpha/1", "1 3 zeta zeta/1"])
    // Same input, same output.
    #expect(compiled.code(document, siteAttributes: [:]) == hits)
}

@Test func explainReportsScopesAndHits() throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]"))
    let document = Fixture.document([(nil, "I don't refer. Maybe I refer.")])
    let turn = try #require(compiled.explain(document, siteAttributes: [:]).first)
    #expect(turn.hits.map(\.direction) == [.negated, .tentative])
    #expect(turn.negations.map { "\($0.trigger.start)-\($0.trigger.end) \($0.scope.start)-\($0.scope.end)" } == ["2-7 7-13"])
    #expect(turn.hedges.count == 1)
}

@Test func addingCodesDoesNotChangeOtherCodesHits() throws {
    let shipped = try Codebook.load(path: ShippedCodebookTests.path)
    var bigger = shipped
    for i in 0..<300 {
        let location = SourceLocation(file: "gen")
        let rule = RuleDefinition(
            index: 1, node: .terms([TermSource("refer\(i)x", at: location), TermSource("link work\(i)*", at: location)]),
            location: location)
        bigger.codes.append(CodeDefinition(id: "gen-\(i)", label: "g", kind: .other, rules: [rule], location: location))
    }
    let small = try CompiledCodebook(shipped)
    let large = try CompiledCodebook(bigger)
    let document = Fixture.document([
        ("gp", "I referred him to the link worker because she is a godsend."),
        ("link_worker", "I don't get much feedback, but I suppose it makes a difference."),
        ("patient", "She listened to me and signposted me to the café group."),
    ])
    let expected = small.code(document, siteAttributes: [:])
    #expect(!expected.isEmpty)
    #expect(large.code(document, siteAttributes: [:]).filter { !$0.codeID.hasPrefix("gen-") } == expected)
}

@Test func explanationRendersScopesUnderTheText() throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]"))
    let document = Fixture.document([("gp", "I don't really refer, but maybe I will refer.")])
    let explanation = try #require(compiled.explain(document, siteAttributes: [:]).first)
    let expected = [
        "turn 0 (P0): I don't really refer, but maybe I will refer.",
        "               ^^^^^~~~~~~~~~~~~~   negation",
        "             ..........................?????..............   hedge",
        "  c  c/1  negated  I don't really [[refer]], but maybe I will refer.",
        "  c  c/1  tentative  I don't really refer, but maybe I will [[refer]].",
    ]
    #expect(explanation.rendered(document.turns[0]) == expected.joined(separator: "\n") + "\n")
}
