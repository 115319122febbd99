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
}
