import CmocModel
import Testing
@testable import CmocCoding

@Test func quantedaDictionaryBecomesNestedCodes() throws {
    let dictionary = """
        support:
          emotional:
            - listened to
            - feel heard
          practical: [debt advice, housing*]
        barriers:
          - waiting list*
          - "c?st"
        """
    let output = try DictionaryImporter.convert(text: dictionary, file: "dict.yml", format: .quanteda, codebookID: "dict")
    #expect(output.warnings.map(\.description) == [
        "dict.yml:8: warning: skipped term 'c?st': only a '*' at the end of a word is supported\n  hint: rewrite it by hand as several terms or a 'regex:' rule"
    ])
    let codebook = try Codebook.parse(yaml: output.yaml, file: "out.yml")
    #expect(codebook.codes.map(\.id) == ["support", "support-emotional", "support-practical", "barriers"])
    #expect(codebook.codes.map(\.parent) == [nil, "support", "support", nil])
    let practical = try #require(codebook.code("support-practical"))
    #expect(practical.rules.first?.node == .terms([
        TermSource("debt advice", at: practical.rules[0].location), TermSource("housing*", at: practical.rules[0].location),
    ]).relocated(like: practical.rules[0].node))
    // The imported codebook compiles and codes text.
    let compiled = try CompiledCodebook(codebook)
    let document = Fixture.document([(nil, "She needed housing support and felt listened to.")])
    #expect(compiled.code(document, siteAttributes: [:]).map(\.codeID) == ["support-practical", "support-emotional"])
    // Placeholders are flagged by lint as missing examples, and skipped by the runner.
    #expect(CodebookLinter().lint(codebook).filter { $0.check == "missing-examples" }.count == 3)
    #expect(ExampleRunner(compiled).run().isEmpty)
}

@Test func liwcDictionaryBecomesCodes() throws {
    let dictionary = """
        %
        1\tposemo
        2\tnegemo
        3\tsocial
        %
        happy\t1
        sad*\t2
        friend*\t1\t3
        like\t(02 134)1
        lonel*\t2\t9
        """
    let output = try DictionaryImporter.convert(text: dictionary, file: "liwc.dic", format: .liwc, codebookID: "liwc")
    #expect(output.warnings.map { $0.location?.description ?? "" } == ["liwc.dic:9", "liwc.dic:10"])
    let codebook = try Codebook.parse(yaml: output.yaml, file: "out.yml")
    #expect(codebook.codes.map(\.id) == ["liwc-posemo", "liwc-negemo", "liwc-social"])
    let compiled = try CompiledCodebook(codebook)
    let document = Fixture.document([(nil, "Happy with friends, but lonely and sad.")])
    #expect(compiled.code(document, siteAttributes: [:]).map(\.codeID)
        == ["liwc-posemo", "liwc-posemo", "liwc-social", "liwc-negemo", "liwc-negemo"])
}

@Test func badDictionariesAreErrorsWithPlaces() {
    #expect(throws: DiagnosticError.self) {
        try DictionaryImporter.convert(text: "just text", file: "x.dic", format: .liwc, codebookID: "x")
    }
    do {
        _ = try DictionaryImporter.convert(text: "%\nnot-a-number\tx\n%\n", file: "x.dic", format: .liwc, codebookID: "x")
        Issue.record("a malformed header should fail")
    } catch {
        #expect(error.diagnostics.first?.location?.description == "x.dic:2")
    }
}

@Test(arguments: [("Positive Emotion", "positive-emotion"), ("  ", "category"), ("Café/Bar", "caf-bar")])
func slugRows(_ name: String, _ slug: String) {
    #expect(DictionaryImporter.slug(name) == slug)
}

extension RuleNode {
    /// Test helper: the same node with term locations taken from `other` (compare texts only).
    func relocated(like other: RuleNode) -> RuleNode {
        guard case .terms(let mine) = self, case .terms(let theirs) = other, mine.count == theirs.count else { return self }
        return .terms(zip(mine, theirs).map { TermSource($0.text, at: $1.location) })
    }
}
