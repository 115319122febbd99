import CmocEvidence
import CmocModel
import Foundation
import Testing

/// The study's own CMOC file (`pipelines/cmocs/link-worker.yml`), checked for shape: every key known,
/// every list well formed. Code ids are checked against the codebook by the pipeline tests, which
/// load both; here any problem other than an unknown code fails.
@Suite struct StudyCMOCFileTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines/cmocs/link-worker.yml").path
    static let present = FileManager.default.fileExists(atPath: path)

    @Test(.enabled(if: present, "pipelines/cmocs/link-worker.yml is not in this checkout yet"))
    func studyFileHasTheExpectedShape() throws {
        do {
            let cmocs = try CMOCDefinitions.load(path: Self.path, knownCodes: [])
            Issue.record("with no known codes every code should be reported, got \(cmocs.count) CMOCs")
        } catch {
            let shape = error.diagnostics.filter { !$0.message.contains("which the codebook does not define") }
            #expect(shape.isEmpty, "\(shape.map(\.description))")
            #expect(!error.diagnostics.isEmpty)
        }
    }
}
