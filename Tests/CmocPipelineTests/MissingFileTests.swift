import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// A manifest row whose file is missing, or is a folder, fails that document alone, with a message
/// that says which and where it is listed; the rest of the batch is processed and the run exits 1.
struct MissingFileTests {
    @Test(arguments: [("gone.txt", "does not exist"), ("transcripts", "is a folder, not a file")])
    func aMissingOrFolderFileFailsThatDocumentAlone(_ file: String, _ what: String) async throws {
        let corpus = try BatchTests.corpusCopy()
        let manifest = corpus.appendingPathComponent("documents.csv")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try (text + "\(file),X1-INT-09,X1,interview,\n").write(to: manifest, atomically: true, encoding: .utf8)
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        let summary = try await BatchTests.run(
            try BatchTests.config(corpus: corpus), out: out, key: PipelineRunTests.temp("k").appendingPathComponent("k.json"))
        let failure = try #require(summary.failures.first { $0.location?.file.hasPrefix("X1-INT-09") == true })
        #expect(failure.message == "the file listed for this document \(what) (documents.csv line 6)")
        #expect(failure.hint?.contains("shown by its id") == true)
        #expect(summary.exitCode == 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("transcripts/X1-INT-01.txt").path))
    }

    /// A codebook or CMOC file the pipeline names but that is not there: the hint points at the
    /// pipeline key and the folder its paths are relative to.
    @Test(arguments: ["codebook", "cmocs"])
    func aMissingCodebookOrCMOCFileNamesThePipelineKey(_ key: String) async throws {
        let corpus = try BatchTests.corpusCopy()
        let missing = corpus.appendingPathComponent("nowhere/\(key).yml").path
        let codebook = key == "codebook" ? missing : PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml").path
        let cmocs = key == "cmocs" ? missing : PipelineRunTests.repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path
        let yaml = """
            pipeline: {id: mini}
            corpus: {root: \(corpus.path)}
            codebook: \(codebook)
            cmocs: \(cmocs)
            """
        let config = try PipelineConfig.parse(yaml: yaml, file: corpus.appendingPathComponent("p.yml"), displayPath: "p.yml")
        do {
            _ = try await BatchTests.run(config, out: PipelineRunTests.temp("out"), key: PipelineRunTests.temp("k").appendingPathComponent("k.json"))
            Issue.record("ran without its \(key) file")
        } catch let error as DiagnosticError {
            let hints = error.diagnostics.compactMap(\.hint)
            #expect(hints.contains { $0.hasPrefix("`\(key):` in ") && $0.contains("names this file") }, "\(error.diagnostics)")
        }
    }
}
