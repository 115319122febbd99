import CmocModel
import Foundation
import Testing
@testable import CmocCoding

/// The shipped codebook `pipelines/codebooks/npt.yml`: loads, every example behaves, lint has no
/// errors, and the ids the study's CMOCs and the evidence stage rely on stay put.
struct ShippedCodebookTests {
    static let path = Fixture.packageRoot.appendingPathComponent("pipelines/codebooks/npt.yml").path

    @Test func everyExampleBehaves() throws {
        let compiled = try CompiledCodebook(Codebook.load(path: Self.path))
        let results = ExampleRunner(compiled).run()
        #expect(results.count >= 150)
        #expect(results.compactMap(\.failure).map(\.description) == [])
    }

    @Test func lintFindsNoErrors() throws {
        let findings = CodebookLinter().lint(try Codebook.load(path: Self.path))
        #expect(findings.filter { $0.severity == .error }.map(\.description) == [])
    }

    @Test func everyCodeWithRulesHasEnoughExamplesIncludingANegatedOne() throws {
        for code in try Codebook.load(path: Self.path).codes where !code.rules.isEmpty {
            let matches = code.examples.filter(\.shouldMatch)
            #expect(matches.count >= 3, "\(code.id)")
            #expect(code.examples.count - matches.count >= 2, "\(code.id)")
            #expect(matches.contains { $0.direction == .negated }, "\(code.id)")
        }
    }

    @Test func stableIDs() throws {
        let codebook = try Codebook.load(path: Self.path)
        let ids = codebook.codes.map(\.id)
        let required = [
            "coherence", "coh-differentiation", "coh-communal-specification", "coh-individual-specification",
            "coh-internalisation", "cognitive-participation", "cp-initiation", "cp-enrolment", "cp-legitimation",
            "cp-activation", "collective-action", "ca-interactional-workability", "ca-relational-integration",
            "ca-skill-set-workability", "ca-contextual-integration", "reflexive-monitoring", "rm-systematisation",
            "rm-communal-appraisal", "rm-individual-appraisal", "rm-reconfiguration", "npt-context",
            "ctx-strategic-intentions", "ctx-adaptive-execution", "ctx-negotiating-capability",
            "ctx-reframing-organisational-logics", "npt-outcome", "out-intervention-mobilisation",
            "out-normative-restructuring", "out-relational-restructuring", "out-sustainment",
            "ctx-clear-role-boundaries", "mech-demarcation", "out-role-understood", "ctx-social-model-of-health",
            "mech-appreciate-sp-contribution", "out-referral", "ctx-staff-understand-lw", "mech-value-lw",
            "out-more-likely-to-refer", "ctx-feedback-system", "mech-work-valued", "out-show-difference",
        ]
        #expect(ids == required)
        #expect(codebook.code("mech-value-lw")?.kind == .mechanism)
        #expect(codebook.code("coh-differentiation")?.kind == .mechanism)
        #expect(codebook.code("ctx-strategic-intentions")?.kind == .context)
        #expect(codebook.code("out-sustainment")?.kind == .outcome)
    }
}

/// Real transcripts nobody on the team wrote (../shared/data): coding them is deterministic
/// and every hit is a whole-word span inside its turn.
struct SharedDataTests {
    static let folder = Fixture.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/transcripts/plaintext")
    static let available = FileManager.default.fileExists(atPath: folder.path)

    @Test(.enabled(if: available, "../shared/data/transcripts is absent: real-transcript coding not checked"))
    func realTranscriptsCodeDeterministically() throws {
        let compiled = try CompiledCodebook(Codebook.load(path: ShippedCodebookTests.path))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(file))
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            let document = Fixture.document(lines.map { (nil, $0) })
            let first = compiled.code(document, siteAttributes: [:])
            #expect(compiled.code(document, siteAttributes: [:]) == first, "\(file)")
            for hit in first {
                let turn = Array(document.turns[hit.turnIndex].text.utf8)
                #expect(hit.span.start >= 0 && hit.span.end <= turn.count && hit.span.start < hit.span.end, "\(file)")
                if hit.span.start > 0 {
                    let before = turn[hit.span.start - 1]
                    #expect(!(before.isASCIILetterOrDigit), "\(file): hit starts mid-word")
                }
            }
        }
    }
}

extension UInt8 {
    var isASCIILetterOrDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
    }
}
