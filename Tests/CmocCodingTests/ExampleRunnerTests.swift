import CmocModel
import Testing
@testable import CmocCoding

let runnerYAML = """
    codebook: {id: t, version: "1"}
    codes:
      - id: out-referral
        kind: outcome
        rules: [{keywords: [refer, referred]}]
        examples:
          match:
            - "I [[referred]] him."
            - "We [[send]] them on."
            - "I [[refer]] them."
            - {text: "I never [[refer]].", direction: negated}
            - {text: "We [[refer]] a lot.", direction: tentative}
            - "TODO: a sentence this code should match"
          no_match:
            - "I prefer mornings."
            - "We refer to the leaflet."
      - id: other
        kind: outcome
        rules: [{keywords: [send]}]
    """

@Test func runnerReportsEachFailureAtItsOwnLine() throws {
    let compiled = try CompiledCodebook(Codebook.parse(yaml: runnerYAML, file: "npt.yml"))
    let results = ExampleRunner(compiled).run()
    // Placeholders are skipped: 5 match + 2 no_match examples of out-referral.
    #expect(results.count == 7)
    let failures = results.compactMap(\.failure).map(\.description)
    #expect(failures == [
        "npt.yml:9:11: error: 'out-referral' should match this example but nothing matched: \"We send them on.\"\n  hint: other codes matched: other; add the missing words to a rule",
        "npt.yml:12:11: error: 'out-referral' matched We [[refer]] a lot. as supports, expected tentative\n  hint: no hedge covers the hit; check 'hedging:' triggers or the example",
        "npt.yml:16:11: error: 'out-referral' should not match this no_match example, but rule out-referral/1 matched: We [[refer]] to the leaflet.\n  hint: narrow the rule (for example with 'not:' or 'near:'), or move the sentence to 'match'",
    ])
}

@Test func runnerShowsWhatMatchedInsteadOfTheMarkedSpan() throws {
    let yaml = """
        codebook: {id: t, version: "1"}
        codes:
          - id: c
            rules: [{keywords: [feedback]}]
            examples:
              match: ["We [[give feedback]] weekly."]
        """
    let compiled = try CompiledCodebook(Codebook.parse(yaml: yaml, file: "cb.yml"))
    let failure = try #require(ExampleRunner(compiled).run().first?.failure)
    #expect(failure.description.hasPrefix(
        "cb.yml:6:15: error: 'c' should match We [[give feedback]] weekly. but matched We give [[feedback]] weekly. instead"))
}

@Test func exampleRolesAndSitesReachTheFilters() throws {
    let yaml = """
        codebook: {id: t, version: "1"}
        codes:
          - id: c
            rules: [{keywords: [asset], speakers: [gp], site: {integration_level: [full]}}]
            examples:
              match:
                - {text: "She is an [[asset]].", role: gp, site: {integration_level: full}}
              no_match:
                - {text: "She is an asset.", role: gp, site: {integration_level: partial}}
                - {text: "She is an asset.", role: patient, site: {integration_level: full}}
        """
    let compiled = try CompiledCodebook(Codebook.parse(yaml: yaml, file: "cb.yml"))
    #expect(ExampleRunner(compiled).run().compactMap(\.failure).isEmpty)
}

@Test(arguments: [
    ("abc", [ByteSpan(0, 1)], "[[a]]bc"),
    ("abc", [ByteSpan(0, 2), ByteSpan(1, 3)], "[[abc]]"),
    ("café x", [ByteSpan(6, 7)], "café [[x]]"),
    ("abc", [], "abc"),
])
func markRows(_ text: String, _ spans: [ByteSpan], _ expected: String) {
    #expect(ExampleRunner.mark(text, spans) == expected)
}
