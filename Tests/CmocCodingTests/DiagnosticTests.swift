import CmocModel
import Foundation
import Testing
@testable import CmocCoding

/// Every codebook error, golden-ish: the printed diagnostic's file:line:column, wording and hint.
struct ErrorRow: CustomStringConvertible, Sendable {
    var name: String
    var yaml: String
    var expected: [String]
    var description: String { name }
}

let header = "codebook: {id: t, version: \"1\"}\n"

let errorRows: [ErrorRow] = [
    ErrorRow(name: "YAML syntax", yaml: header + "codes:\n  - id: a\n   kind: x\n",
             expected: ["cb.yml:4:4: error: YAML syntax error: did not find expected '-' indicator"]),
    ErrorRow(name: "empty file", yaml: "", expected: ["cb.yml:1:1: error: the codebook is empty"]),
    ErrorRow(name: "missing header and codes", yaml: "negation: {window: 3}\n",
             expected: ["cb.yml:1:1: error: the codebook file has no 'codebook'", "cb.yml:1:1: error: the codebook file has no 'codes'"]),
    ErrorRow(name: "missing version", yaml: "codebook: {id: t}\ncodes: []\n", expected: ["cb.yml:1:11: error: 'codebook' has no 'version'"]),
    ErrorRow(name: "unknown top key with did-you-mean", yaml: header + "code:\n  - id: a\n",
             expected: ["cb.yml:1:1: error: the codebook file has no 'codes'", "cb.yml:2:1: error: unknown key 'code' in the codebook\n  hint: did you mean 'codes'?"]),
    ErrorRow(name: "unknown rule key", yaml: header + "codes:\n  - id: a\n    rules:\n      - keyword: [x]\n",
             expected: ["cb.yml:5:9: error: unknown key 'keyword' in a rule\n  hint: did you mean 'keywords'?"]),
    ErrorRow(name: "unknown code key", yaml: header + "codes:\n  - id: a\n    lable: A\n",
             expected: ["cb.yml:4:5: error: unknown key 'lable' in a code\n  hint: did you mean 'label'?"]),
    ErrorRow(name: "unknown parent", yaml: header + "codes:\n  - id: coherence\n  - id: a\n    parent: coherense\n",
             expected: ["cb.yml:5:13: error: 'parent' names code 'coherense', which is not in this codebook\n  hint: did you mean 'coherence'?"]),
    ErrorRow(name: "unknown code reference", yaml: header + "codes:\n  - id: out-referral\n    rules: [refer]\n  - id: b\n    rules: [{code: out-referal}]\n",
             expected: ["cb.yml:6:20: error: 'code:' names code 'out-referal', which is not in this codebook\n  hint: did you mean 'out-referral'?"]),
    ErrorRow(name: "unknown within_code", yaml: header + "codes:\n  - id: a\n    rules: [{keywords: [x], within_code: zzz}]\n",
             expected: ["cb.yml:4:42: error: 'within_code' names code 'zzz', which is not in this codebook\n  hint: see pipelines/codebooks/README.md for the allowed names"]),
    ErrorRow(name: "unknown kind", yaml: header + "codes:\n  - id: a\n    kind: mechansim\n",
             expected: ["cb.yml:4:11: error: unknown kind 'mechansim'\n  hint: did you mean 'mechanism'?"]),
    ErrorRow(name: "bad id", yaml: header + "codes:\n  - id: Role Clarity\n",
             expected: ["cb.yml:3:9: error: code id 'Role Clarity' may only use lower-case letters, digits and '-'"]),
    ErrorRow(name: "duplicate id", yaml: header + "codes:\n  - id: a\n  - id: a\n",
             expected: ["cb.yml:4:9: error: code id 'a' is already used at cb.yml:3:9"]),
    ErrorRow(name: "misplaced wildcard", yaml: header + "codes:\n  - id: a\n    rules: [{keywords: [re*fer]}]\n",
             expected: ["cb.yml:4:25: error: term 're*fer': '*' is only allowed at the end of a word"]),
    ErrorRow(name: "empty term", yaml: header + "codes:\n  - id: a\n    rules: [{keywords: [\"--\"]}]\n",
             expected: ["cb.yml:4:25: error: empty term: nothing left after removing spaces and punctuation"]),
    ErrorRow(name: "invalid regex", yaml: header + "codes:\n  - id: a\n    rules: [{regex: '(unclosed'}]\n",
             expected: ["cb.yml:4:21: error: regex '(unclosed' does not compile: invalid pattern"]),
    ErrorRow(name: "several operators", yaml: header + "codes:\n  - id: a\n    rules:\n      - {keywords: [x], regex: y}\n",
             expected: ["cb.yml:5:9: error: rule has several operators (keywords, regex)"]),
    ErrorRow(name: "no operator", yaml: header + "codes:\n  - id: a\n    rules:\n      - {name: x}\n",
             expected: ["cb.yml:5:9: error: rule has no operator"]),
    ErrorRow(name: "within without near", yaml: header + "codes:\n  - id: a\n    rules:\n      - {keywords: [x], within: 3}\n",
             expected: ["cb.yml:5:33: error: 'within' only applies to 'near' and 'followed_by'"]),
    ErrorRow(name: "near arity", yaml: header + "codes:\n  - id: a\n    rules:\n      - near: [a, b, c]\n",
             expected: ["cb.yml:5:15: error: 'near' takes exactly two entries, found 3"]),
    ErrorRow(name: "within out of range", yaml: header + "codes:\n  - id: a\n    rules:\n      - {near: [a, b], within: 99}\n",
             expected: ["cb.yml:5:32: error: 'within' must be a whole number of words from 0 to 50, not '99'"]),
    ErrorRow(name: "bad scope", yaml: header + "codes:\n  - id: a\n    rules:\n      - {keywords: [x], scope: paragraph}\n",
             expected: ["cb.yml:5:32: error: unknown scope 'paragraph'"]),
    ErrorRow(name: "not alone", yaml: header + "codes:\n  - id: a\n    rules:\n      - not: [x]\n",
             expected: ["cb.yml:5:9: error: rule has nothing to find: 'not' can only narrow a rule that also finds words"]),
    ErrorRow(name: "reference cycle", yaml: header + "codes:\n  - id: a\n    rules: [{code: b}]\n  - id: b\n    rules: [{code: a}]\n",
             expected: ["cb.yml:3:9: error: codes refer to each other in a circle: a -> b -> a"]),
    ErrorRow(name: "unbalanced marks", yaml: header + "codes:\n  - id: a\n    examples: {match: [\"[[refer\"]}\n",
             expected: ["cb.yml:4:24: error: example has an unbalanced '[[' or ']]'"]),
    ErrorRow(name: "marks in no_match", yaml: header + "codes:\n  - id: a\n    examples: {no_match: [\"[[refer]]\"]}\n",
             expected: ["cb.yml:4:27: error: a no_match example cannot mark a span with [[…]]"]),
    ErrorRow(name: "bad direction", yaml: header + "codes:\n  - id: a\n    examples: {match: [{text: x, direction: negative}]}\n",
             expected: ["cb.yml:4:45: error: unknown direction 'negative'\n  hint: did you mean 'negated'?"]),
    ErrorRow(name: "codes not a list", yaml: header + "codes: {a: 1}\n",
             expected: ["cb.yml:2:8: error: 'codes' must be a list (lines starting with '- ')"]),
    ErrorRow(name: "code not a mapping", yaml: header + "codes:\n  - just-a-name\n",
             expected: ["cb.yml:3:5: error: each code must be a mapping (key: value lines)"]),
    ErrorRow(name: "label not text", yaml: header + "codes:\n  - id: a\n    label: [x, y]\n",
             expected: ["cb.yml:4:12: error: 'label' must be a single text value"]),
    ErrorRow(name: "window not a number", yaml: header + "negation: {window: many}\ncodes: []\n",
             expected: ["cb.yml:2:20: error: 'window' must be a whole number"]),
    ErrorRow(name: "window out of range", yaml: header + "negation: {window: 0}\ncodes: []\n",
             expected: ["cb.yml:2:20: error: 'window' must be a whole number of words from 1 to 50, not '0'"]),
    ErrorRow(name: "empty all", yaml: header + "codes:\n  - id: a\n    rules: [{all: []}]\n",
             expected: ["cb.yml:4:19: error: 'all' is empty"]),
    ErrorRow(name: "duplicate key", yaml: header + "codes:\n  - id: a\n    id: b\n",
             expected: ["error: key 'id' appears twice in the same mapping"]),
]

@Test(arguments: errorRows)
func codebookErrors(_ row: ErrorRow) {
    let got = Fixture.errors(row.yaml)
    #expect(got.count == row.expected.count, "\(row.name): \(got)")
    for (text, prefix) in zip(got, row.expected) {
        #expect(text.hasPrefix(prefix) || text.contains(prefix), "\(row.name): got \(text)")
    }
}

@Test func everyProblemIsReportedAtOnceInFileOrder() {
    let yaml = header + """
        codes:
          - id: a
            kind: mechansim
            rules:
              - keyword: [x]
              - {code: nope}
          - id: a
        """
    let got = Fixture.errors(yaml)
    #expect(got.map { $0.split(separator: ":").prefix(3).joined(separator: ":") }
        == ["cb.yml:4:11", "cb.yml:6:9", "cb.yml:7:16", "cb.yml:8:9"])
}

@Test func missingFileNamesThePath() {
    do {
        _ = try Codebook.load(path: "/nonexistent/npt.yml")
        Issue.record("loading a missing file should fail")
    } catch {
        #expect(error.diagnostics.map(\.description) == [
            "/nonexistent/npt.yml: error: cannot read the codebook: no readable file at this path\n  hint: check the path; the default is pipelines/codebooks/npt.yml"
        ])
    }
}

@Test func kindIsInheritedFromTheParent() throws {
    let codebook = try Codebook.parse(
        yaml: header + "codes:\n  - id: p\n    kind: outcome\n  - id: c\n    parent: p\n  - id: d\n", file: "cb.yml")
    #expect(codebook.codes.map(\.kind) == [.outcome, .outcome, .other])
}

@Test func examplesKeepTheirMarksAndPlaces() throws {
    let codebook = try Codebook.parse(
        yaml: header + "codes:\n  - id: a\n    rules: [refer]\n    examples:\n      match:\n        - \"Café [[refer]]\"\n", file: "cb.yml")
    let example = try #require(codebook.codes.first?.examples.first)
    #expect(example.text == "Café refer")
    #expect(example.expectedSpans == [ByteSpan(6, 11)])
    #expect(example.location.description == "cb.yml:7:11")
}

@Test func invalidUTF8IsReportedWithThePath() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-bad-\(UUID().uuidString).yml")
    try Data([0x63, 0x6F, 0xFF, 0xFE]).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    do {
        _ = try Codebook.load(path: path.path)
        Issue.record("invalid UTF-8 should fail")
    } catch {
        #expect(error.diagnostics.map(\.message) == ["the codebook is not valid UTF-8"])
        #expect(error.diagnostics.first?.hint == "save the file as UTF-8")
    }
}

@Test func everyErrorSaysWhatToDo() {
    let samples: [CodebookError] = [
        .unreadableFile(reason: "x"), .invalidUTF8, .yamlSyntax(problem: "x"), .emptyDocument, .duplicateKey(key: "x"),
        .notAMapping(what: "x"), .notAList(what: "x"), .notAString(what: "x"), .notAnInteger(what: "x"),
        .missingKey(key: "x", in: "y"), .unknownKey(key: "x", in: "y", suggestion: nil), .invalidCodeID(id: "X"),
        .duplicateCodeID(id: "x", first: SourceLocation(file: "f")), .unknownCode(id: "x", role: "y", suggestion: nil),
        .unknownKind(value: "x", suggestion: nil), .noOperator(suggestion: nil), .severalOperators(keys: ["a", "b"]),
        .emptyTerm, .misplacedWildcard(term: "x"), .invalidRegex(pattern: "x", reason: "y"), .invalidScope(value: "x"),
        .invalidWithin(value: "x"), .withinWithoutProximity, .proximityArity(op: "near", count: 3), .emptyList(what: "x"),
        .notNeedsPositive, .referenceCycle(path: ["a", "b", "a"]), .unbalancedMarks, .markInNoMatch,
        .invalidDirection(value: "x", suggestion: nil), .invalidWindow(value: "x"),
    ]
    for error in samples {
        #expect(!error.message.isEmpty)
        #expect(error.hint?.isEmpty == false, "\(error)")
        #expect(error.diagnostic(at: SourceLocation(file: "f", line: 1, column: 2)).description.hasPrefix("f:1:2: error: "))
    }
}
