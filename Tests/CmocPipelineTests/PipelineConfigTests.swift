import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

@Suite struct PipelineConfigTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func parse(_ yaml: String) throws(DiagnosticError) -> PipelineConfig {
        try PipelineConfig.parse(
            yaml: yaml, file: URL(fileURLWithPath: "/study/pipelines/p.yml"), displayPath: "pipelines/p.yml")
    }

    @Test func shippedPipelineLoadsAndResolvesPathsAgainstItsOwnFolder() throws {
        let config = try PipelineConfig.load(path: Self.repo.appendingPathComponent("pipelines/link-worker-npt.yml").path)
        #expect(config.id == "link-worker-npt")
        #expect(config.corpusRoot.path == Self.repo.appendingPathComponent("corpus").path)
        #expect(config.manifest.lastPathComponent == "documents.csv")
        #expect(config.codebook.path.hasSuffix("pipelines/codebooks/npt.yml"))
        #expect(config.cmocs.path.hasSuffix("pipelines/cmocs/link-worker.yml"))
        #expect(config.outputDirectory.path == Self.repo.appendingPathComponent("out").path)
        #expect(config.evidence.window == 2)
        #expect(config.evidence.groupBy == "integration_level")
        #expect(config.ingest.speakerAliases["Int1"] == "Interviewer")
        #expect(!OutputFolder.contains(config.outputDirectory, config.pseudonymise.keyFile))
    }

    @Test func minimalPipelineGetsDefaults() throws {
        let config = try parse("corpus: {root: ../data}\ncodebook: cb.yml\ncmocs: c.yml\n")
        #expect(config.id == "p")
        #expect(config.corpusRoot.path == "/study/data")
        #expect(config.participants.path == "/study/data/participants.csv")
        #expect(config.outputDirectory.path == "/study/out")
        #expect(config.pseudonymise.partialNames)
        #expect(config.pseudonymise.keyFile.path.hasSuffix(".cmoc/keys/p.key.json"))
    }

    /// Each row: YAML, then the messages expected (all of them, in order) with their line:column.
    @Test(arguments: [
        (
            "corpus: {root: x}\ncodbook: cb.yml\ncmocs: c.yml\n",
            [
                "pipelines/p.yml:2:1: error: unknown key 'codbook' in the pipeline file\n  hint: did you mean 'codebook'?",
                "pipelines/p.yml:1:1: error: the pipeline names no codebook\n  hint: add codebook: codebooks/npt.yml",
            ]
        ),
        (
            "corpus: {root: x}\ncodebook: a\ncmocs: b\nstages:\n  evidence:\n    window: many\n    qoutes_per_cell: 2\n",
            [
                "pipelines/p.yml:7:5: error: unknown key 'qoutes_per_cell' in stages.evidence\n  hint: did you mean 'quotes_per_cell'?",
                "pipelines/p.yml:6:13: error: stages.evidence.window should be a whole number from 0 to 50, not 'many'",
            ]
        ),
        (
            "corpus: [1, 2\n",
            ["pipelines/p.yml:2:1: error: YAML syntax error: did not find expected ',' or ']'\n  hint: check indentation and quoting on this line"]
        ),
    ])
    func everyProblemIsReportedWithItsPlace(_ yaml: String, _ expected: [String]) {
        #expect(throws: DiagnosticError.self) { try parse(yaml) }
        do {
            _ = try parse(yaml)
        } catch {
            #expect(error.diagnostics.map(\.description) == expected)
        }
    }

    /// A pipeline path that is missing or a folder says which, and where it was looked for.
    @Test(arguments: [("pipelines/no-such-pipeline.yml", "there is no such file"), ("pipelines", "it is a folder")])
    func anUnreadablePipelineSaysWhy(_ relative: String, _ why: String) {
        let path = Self.repo.appendingPathComponent(relative).path
        #expect {
            _ = try PipelineConfig.load(path: path)
        } throws: { error in
            let message = (error as? DiagnosticError)?.diagnostics.first?.message ?? ""
            return message.contains(why) && message.contains(path)
        }
    }

    @Test func stageRegistryIsPinned() {
        #expect(builtInStages.map(\.id) == ["ingest", "pseudonymise", "segment", "code", "evidence", "reports"])
        #expect(builtInStages.allSatisfy { !$0.purpose.isEmpty && !$0.provides.isEmpty })
    }
}
