import CmocEvidence
import CmocModel
import Foundation
import Testing

/// Loading CMOC definitions: the accepted layout and every diagnostic, each at its file:line:column.
@Suite struct CMOCDefinitionsTests {
    @Test func fixtureParses() throws {
        let cmocs = try Fixtures.cmocs()
        #expect(
            cmocs.map(\.id) == [
                "cmoc-coherence", "cmoc-cognitive-participation", "cmoc-collective-action", "cmoc-reflexive-monitoring",
            ])
        let coherence = cmocs[0]
        #expect(coherence.mechanism == ["mech-demarcation"])
        #expect(coherence.mechanismReasoning == ["mech-demarcation"])
        #expect(coherence.mechanismResource == [])
        #expect(coherence.counterEvidence == ["ctx-role-confusion"])
        #expect(coherence.nptConstruct == "coherence")
        #expect(cmocs[1].window == CMOCDefinition.defaultWindow)
        #expect(cmocs[1].mechanismReasoning == [] && cmocs[1].mechanism == ["mech-appreciate-sp-contribution"])
        #expect(cmocs[3].window == 1)
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var expected: [Expected]
        var testDescription: String { name }
    }

    /// A diagnostic expected at `line:column` whose message contains `message` and hint contains `hint`.
    struct Expected: Sendable, CustomStringConvertible {
        var at: String
        var message: String
        var hint: String = ""
        var description: String { "\(at): \(message) (\(hint))" }

        func matches(_ diagnostic: Diagnostic) -> Bool {
            let location = diagnostic.location.map { "\($0.line ?? 0):\($0.column ?? 0)" } ?? ""
            return location == at && diagnostic.message.contains(message)
                && (hint.isEmpty || (diagnostic.hint ?? "").contains(hint))
        }
    }

    static func at(_ place: String, _ message: String, hint: String = "") -> Expected {
        Expected(at: place, message: message, hint: hint)
    }

    static func entry(_ extra: String = "", context: String = "[ctx-feedback-system]", id: String = "a") -> String {
        """
          - id: \(id)
            title: T
            statement: S
            context: \(context)
            mechanism: [mech-work-valued]
            outcome: [out-show-difference]
        \(extra)
        """
    }

    static let rows: [Row] = [
        Row(
            name: "misspelt key gets a suggestion", yaml: "cmocs:\n" + entry("    windw: 2"),
            expected: [at("8:5", "unknown key `windw` in CMOC `a`", hint: "did you mean `window`?")]),
        Row(
            name: "unknown code gets a suggestion", yaml: "cmocs:\n" + entry(context: "[ctx-feedbak-system]"),
            expected: [
                at("5:15", "CMOC `a` uses code `ctx-feedbak-system`", hint: "did you mean `ctx-feedback-system`?")
            ]),
        Row(
            name: "missing outcome",
            yaml:
                "cmocs:\n  - id: a\n    title: T\n    statement: S\n    context: [ctx-feedback-system]\n    mechanism: [mech-work-valued]\n",
            expected: [at("2:5", "CMOC `a` has no `outcome`")]),
        Row(
            name: "negative window", yaml: "cmocs:\n" + entry("    window: -1"),
            expected: [at("8:13", "`window` must be a whole number")]),
        Row(
            name: "duplicate id", yaml: "cmocs:\n" + entry() + "\n" + entry(),
            expected: [at("9:5", "CMOC id `a` is used more than once")]),
        Row(
            name: "empty context", yaml: "cmocs:\n" + entry(context: "[]"),
            expected: [at("5:14", "CMOC `a` lists no codes for its context")]),
        Row(
            name: "a code in two places", yaml: "cmocs:\n" + entry(context: "[mech-work-valued]"),
            expected: [at("6:17", "CMOC `a` lists code `mech-work-valued` in more than one place")]),
        Row(
            name: "unknown mechanism part",
            yaml: "cmocs:\n"
                + entry("    counter_evidence: []").replacingOccurrences(
                    of: "mechanism: [mech-work-valued]", with: "mechanism: {resources: [mech-work-valued]}"),
            expected: [
                at("6:17", "unknown key `resources`", hint: "did you mean `resource`?"),
                at("6:16", "CMOC `a` lists no codes for its mechanism"),
            ]),
        Row(
            name: "every problem at once", yaml: "cmocs:\n" + entry("    windw: 2\n    window: x", context: "[nope]"),
            expected: [
                at("5:15", "code `nope`"), at("8:5", "unknown key `windw`"),
                at("9:13", "`window` must be a whole number"),
            ]),
        Row(name: "bad YAML", yaml: "cmocs:\n  - id: [a\n", expected: [at("3:1", "not valid YAML")]),
        Row(
            name: "wrong top-level key", yaml: "cmoc:\n" + entry(),
            expected: [at("1:1", "unknown key `cmoc`", hint: "did you mean `cmocs`?"), at("1:1", "has no `cmocs`")]),
        Row(name: "empty list", yaml: "cmocs: []\n", expected: [at("1:8", "the file defines no CMOCs")]),
    ]

    @Test(arguments: rows) func diagnostics(_ row: Row) {
        do {
            _ = try CMOCDefinitions.parse(yaml: row.yaml, file: "cmocs.yml", knownCodes: Fixtures.codes)
            Issue.record("expected diagnostics for \(row.name)")
        } catch {
            let texts = error.diagnostics.map(\.description)
            #expect(texts.count == row.expected.count, "\(texts)")
            #expect(error.diagnostics.allSatisfy { $0.location?.file == "cmocs.yml" })
            for expected in row.expected {
                #expect(
                    error.diagnostics.contains(where: expected.matches), "no diagnostic like \(expected) in \(texts)")
            }
        }
    }

    @Test func loadsFromAFileAndNamesItInErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-defs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("link-worker.yml")
        try Fixtures.cmocYAML.write(to: good, atomically: true, encoding: .utf8)
        #expect(try CMOCDefinitions.load(path: good.path, knownCodes: Fixtures.codes).count == 4)

        let bad = folder.appendingPathComponent("bad.yml")
        try ("cmocs:\n" + Self.entry("    windw: 2")).write(to: bad, atomically: true, encoding: .utf8)
        #expect {
            try CMOCDefinitions.load(path: bad.path, knownCodes: Fixtures.codes)
        } throws: { error in
            (error as? DiagnosticError)?.description.hasPrefix(bad.path + ":8:5: error: unknown key") == true
        }

        let missing = folder.appendingPathComponent("missing.yml").path
        #expect {
            try CMOCDefinitions.load(path: missing, knownCodes: Fixtures.codes)
        } throws: { error in
            (error as? DiagnosticError)?.description.hasPrefix(missing + ": error: cannot read") == true
        }
    }
}

/// "Did you mean": by edit distance, else by shared trailing words.
@Suite struct NameSuggestionTests {
    struct Row: Sendable {
        var name: String
        var expected: String?
    }

    static let candidates = [
        "coh-differentiation", "cp-legitimation", "ca-relational-integration", "ca-contextual-integration",
        "rm-systematisation", "window", "mech-demarcation",
    ]

    static let rows: [Row] = [
        Row(name: "windw", expected: "window"),
        Row(name: "mech-demarcaton", expected: "mech-demarcation"),
        Row(name: "coherence-differentiation", expected: "coh-differentiation"),
        Row(name: "cognitive-participation-legitimation", expected: "cp-legitimation"),
        Row(name: "collective-action-relational-integration", expected: "ca-relational-integration"),
        Row(name: "reflexive-monitoring-systematisation", expected: "rm-systematisation"),
        Row(name: "something-integration", expected: nil),
        Row(name: "unrelated", expected: nil),
    ]

    @Test(arguments: rows) func suggestion(_ row: Row) {
        #expect(CMOCDefinitions.suggestion(for: row.name, among: Self.candidates) == row.expected)
    }
}
