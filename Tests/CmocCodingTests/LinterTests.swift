import CmocModel
import Testing
@testable import CmocCoding

@Test func lintCheckIDsArePinned() {
    #expect(CodebookLinter.checkIDs == [
        "missing-examples", "duplicate-term", "shadowed-rule", "common-word-wildcard", "unreachable-code", "unknown-role",
    ])
}

/// Rows of (codes, expected findings as `line:check:severity`).
let lintRows: [(String, String, [String])] = [
    ("missing examples", """
          - id: a
            rules: [refer]
            examples: {match: ["[[refer]]"], no_match: ["x", "y"]}
        """, ["3:missing-examples:warning"]),
    ("placeholders count as missing", """
          - id: a
            rules: [refer]
            examples: {match: ["TODO: x", "TODO: y", "TODO: z"], no_match: ["TODO", "TODO"]}
        """, ["3:missing-examples:warning"]),
    ("duplicate term across codes", """
          - id: a
            rules: [Referral]
          - id: b
            rules: [referral]
        """, ["3:missing-examples:warning", "5:missing-examples:warning", "6:duplicate-term:warning"]),
    ("shadowed rule and term", """
          - id: a
            rules:
              - [referral*, signpost]
              - [referrals]
              - [signpost, referral*]
        """, ["3:missing-examples:warning", "6:shadowed-rule:warning", "7:shadowed-rule:warning"]),
    ("wildcard catches common words", """
          - id: a
            rules: [[car*, us*, feel*]]
        """, ["3:missing-examples:warning", "4:common-word-wildcard:warning", "4:common-word-wildcard:warning"]),
    ("unreachable codes", """
          - id: parent
          - id: leaf
            parent: parent
          - id: never
            rules: [{keywords: [x], site: {region: []}}]
          - id: contradiction
            rules: [{all: [x, {not: x}]}]
          - id: follows-never
            rules: [{code: never}]
        """, [
            "6:missing-examples:warning", "8:missing-examples:warning", "10:missing-examples:warning",
            "9:duplicate-term:warning", "4:unreachable-code:warning", "6:unreachable-code:error", "8:unreachable-code:error", "10:unreachable-code:error",
        ]),
    ("unknown role", """
          - id: a
            rules: [{keywords: [x], speakers: [link-worker]}]
        """, ["3:missing-examples:warning", "4:unknown-role:warning"]),
]

@Test(arguments: lintRows)
func lintFindings(_ name: String, _ codes: String, _ expected: [String]) throws {
    let codebook = try Codebook.parse(yaml: Fixture.yaml(codes + "\n"), file: "cb.yml")
    let got = CodebookLinter().lint(codebook).map { "\($0.location.line ?? 0):\($0.check):\($0.severity.rawValue)" }
    #expect(got == expected, "\(name): \(got)")
}

@Test func lintMessagesNameTheOtherPlaceAndSuggest() throws {
    let codes = """
          - id: a
            rules: [{keywords: [feedback], speakers: [link-worker]}]
          - id: b
            rules: [feedback, car*]
        """
    let codebook = try Codebook.parse(yaml: Fixture.yaml(codes + "\n"), file: "cb.yml")
    let text = CodebookLinter().lint(codebook).map(\.description)
    #expect(text.contains("cb.yml:6:13: warning: term 'feedback' of 'b' is also used by 'a' at cb.yml:4:25 [duplicate-term]\n  hint: both codes will hit on every occurrence; make one of them more specific"))
    #expect(text.contains("cb.yml:6:23: warning: wildcard 'car*' also matches common words: care, carry [common-word-wildcard]\n  hint: lengthen the stem, list the intended words, or add a no_match example"))
    #expect(text.contains("cb.yml:4:13: warning: rule a/1 names speaker role 'link-worker', which is not a registry role [unknown-role]\n  hint: did you mean 'link_worker'?"))
}
