import Foundation
import Testing

/// The command line as a user (or a checking script) meets it: the built `cmoc` binary, its JSON
/// contracts and its exit codes.
@Suite(.serialized) struct CommandLineTests {
    /// `swift test` builds every product into the folder that holds the test bundle.
    static let binary: URL? = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("cmoc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        let fallback = PipelineRunTests.repo.appendingPathComponent(".build/debug/cmoc")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }()

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "no cmoc binary beside the tests: build the cmoc product first (swift build)" }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func cmoc(_ arguments: [String]) throws -> Result {
        let process = Process()
        guard let binary = Self.binary else { throw MissingBinary() }
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = PipelineRunTests.repo
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func ingestJSONFollowsItsContract() throws {
        let file = PipelineRunTests.mini.appendingPathComponent("transcripts/gp.xml").path
        let result = try Self.cmoc(["ingest", "--json", file])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        let document = try #require(documents.first)
        #expect(document["format"] as? String == "tei")
        #expect(document["speakers"] as? [String] == ["#r", "#g"])
        let turns = try #require(document["turns"] as? [[String: Any]])
        #expect(turns.count == 2)
        #expect(turns.allSatisfy { $0.keys.sorted() == ["end", "speaker", "start", "text"] })
        #expect(turns[0]["start"] is NSNull)
    }

    @Test func pseudonymiseJSONGivesCodePointOffsetsPerInput() throws {
        let folder = PipelineRunTests.temp("cli")
        let file = folder.appendingPathComponent("note.txt")
        // Two emoji (two code points, eight UTF-8 bytes) before the name: offsets must count code points.
        try "😀😀 Dr Featherstonhaugh rang 07700 900123.\n".write(to: file, atomically: true, encoding: .utf8)
        let registry = PipelineRunTests.mini.appendingPathComponent("participants.csv").path
        let result = try Self.cmoc(["pseudonymise", "--json", "--registry", registry, file.path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(json["id"] as? String == "input-1")
        #expect(json["text"] as? String == "😀😀 GP-X1 rang [PHONE].\n")
        let spans = try #require(json["spans"] as? [[String: Any]])
        #expect(spans.count == 2)
        #expect(spans.first?["start"] as? Int == 3)
        #expect(spans.first?["end"] as? Int == 22)  // bytes would give 9 and 28
        #expect(spans.first?["kind"] as? String == "person")
        #expect(spans.last?["kind"] as? String == "phone")
        #expect(!result.stdout.contains("Featherstonhaugh"))
    }

    @Test func rulesTestPassesOnTheShippedCodebookAndPointsAtAFailingExample() throws {
        let passing = try Self.cmoc(["rules", "test"])
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        let copy = PipelineRunTests.temp("cb").appendingPathComponent("npt.yml")
        let original = try String(
            contentsOf: PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml"), encoding: .utf8)
        // Move a must-match sentence that no rule can match into the first code's examples.
        let broken = original.replacingOccurrences(
            of: "      match:\n", with: "      match:\n        - \"Nothing in this sentence is codable at all.\"\n",
            options: [], range: original.range(of: "      match:\n"))
        try broken.write(to: copy, atomically: true, encoding: .utf8)
        let failing = try Self.cmoc(["rules", "test", copy.path])
        #expect(failing.status == 1)
        let output = failing.stdout + failing.stderr
        #expect(output.contains("\(copy.path):"), "a failure names the example's own file:line")
    }

    @Test(arguments: [
        (["run", "no-such-pipeline.yml"], Int32(2)),
        (["run", "--jobs", "0"], Int32(64)),
        (["run", "--shard", "5/4", "--shard-dir", "/tmp/x"], Int32(64)),
        (["ingest", "--format", "klingon", "corpus/sites.csv"], Int32(2)),
    ])
    func badInvocationsExitWithTheDocumentedStatus(_ arguments: [String], _ status: Int32) throws {
        let result = try Self.cmoc(arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func helpListsEveryCommand() throws {
        let result = try Self.cmoc(["--help"])
        for command in ["run", "report", "merge", "ingest", "pseudonymise", "rules", "code", "explain"] {
            #expect(result.stdout.contains("\n  \(command) "), "--help does not list \(command)")
        }
    }
}
