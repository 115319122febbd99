import CmocIngest
import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// End-to-end runs over a small fixture corpus (with a malformed XML file and a file name that
/// holds a participant's name) and over the shipped sample corpus (golden files).
@Suite(.serialized) struct PipelineRunTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let mini = repo.appendingPathComponent("Tests/CmocPipelineTests/Fixtures/mini")

    static func temp(_ name: String) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A pipeline over the fixture corpus with the shipped codebook and CMOCs.
    static func miniConfig(sites: URL? = nil, codebook: String? = nil) throws -> PipelineConfig {
        let yaml = """
            pipeline: {id: mini}
            corpus: {root: \(mini.path), sites: \((sites ?? mini.appendingPathComponent("sites.csv")).path)}
            codebook: \(codebook ?? repo.appendingPathComponent("pipelines/codebooks/npt.yml").path)
            cmocs: \(repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path)
            """
        return try PipelineConfig.parse(
            yaml: yaml, file: temp("cfg").appendingPathComponent("p.yml"), displayPath: "p.yml")
    }

    static func files(under dir: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in e where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(dir.standardizedFileURL.path.count + 1))
            result[relative] = FileManager.default.contents(atPath: url.path)
        }
        return result
    }

    /// Names and aliases of a registry file, every word of three letters or more.
    static func registryWords(_ csv: URL) throws -> [String] {
        let table = try CSVTable.parse(String(decoding: try Data(contentsOf: csv), as: UTF8.self), file: "r", stage: "t")
        var words: Set<String> = []
        for row in table.rows {
            for cell in [table.value(row, "name"), table.value(row, "aliases")].compactMap({ $0 }) {
                for part in cell.split(whereSeparator: { $0 == ";" || $0 == " " }) where part.count >= 3 {
                    if !["Mrs", "Miss", "Prof"].contains(String(part)) { words.insert(part.lowercased()) }
                }
            }
        }
        return words.sorted()
    }

    static func leaks(in dir: URL, of words: [String]) -> [String] {
        var found: [String] = []
        for (path, data) in files(under: dir) {
            let text = String(decoding: data, as: UTF8.self).lowercased()
            for word in words {
                let pattern = "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: word) + "(?![\\p{L}\\p{N}])"
                if text.range(of: pattern, options: .regularExpression) != nil
                    || path.lowercased().contains(word)
                {
                    found.append("\(path): registry word #\(words.firstIndex(of: word) ?? -1)")
                }
            }
        }
        return found
    }

    @Test func malformedXMLFailsAloneAndEverythingElseIsWritten() async throws {
        let out = Self.temp("out").appendingPathComponent("out")
        let keys = Self.temp("keys")
        let summary = try await PipelineRunner(
            config: try Self.miniConfig(),
            options: .init(outputDirectory: out, keyFile: keys.appendingPathComponent("k.json"), jobs: 2)
        ).run()
        #expect(summary.exitCode == 1)
        #expect(summary.failures.count == 1)
        let failure = try #require(summary.failures.first)
        #expect(failure.location?.file == "X2-INT-01.xml")
        #expect(failure.location?.line != nil && failure.location?.column != nil)
        let written = Self.files(under: out)
        for site in ["X1", "X2"] {
            for kind in ["csv", "md", "html", "json"] { #expect(written["sites/\(site)/matrix.\(kind)"] != nil) }
        }
        for name in ["summary.md", "summary.html", "segments.csv", "presence.csv", "run.json"] {
            #expect(written[name] != nil, "missing \(name)")
        }
        let run = try #require(written["run.json"].flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        let failed = try #require(run["failed_documents"] as? [[String: Any]])
        #expect(failed.count == 1)
        let documents = try #require(run["documents"] as? [[String: Any]])
        #expect(documents.map { $0["status"] as? String } == ["ok", "ok", "failed", "ok"])
        // The X2 site still has its good document's evidence.
        let x2 = String(decoding: try #require(written["sites/X2/matrix.md"]), as: UTF8.self)
        #expect(x2.contains("Documents that could not be read (not in this matrix; see run.json): X2-INT-01"))
        let x1 = String(decoding: try #require(written["sites/X1/matrix.md"]), as: UTF8.self)
        #expect(!x1.contains("could not be read"))
        let segments = String(decoding: try #require(written["segments.csv"]), as: UTF8.self)
        #expect(segments.contains("X2-INT-02"))
        #expect(summary.leaks.isEmpty)
    }

    @Test func noRegistryNameOrInputFileNameReachesAnyOutputAndTheKeyIsApart() async throws {
        let out = Self.temp("out").appendingPathComponent("out")
        let keyFile = Self.temp("keys").appendingPathComponent("k.json")
        _ = try await PipelineRunner(
            config: try Self.miniConfig(), options: .init(outputDirectory: out, keyFile: keyFile, jobs: 2)
        ).run()
        let words = try Self.registryWords(Self.mini.appendingPathComponent("participants.csv"))
        #expect(words.contains("quartermaine"))
        #expect(Self.leaks(in: out, of: words).isEmpty)
        let joined = Self.files(under: out).values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for planted in ["interview-zebedee", "Kirsty", "07700 900123", "0161 496 0123"] {
            #expect(!joined.contains(planted), "planted identifier #\(planted.count) reached an output")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!OutputFolder.contains(out, keyFile))
    }

    @Test func oneAndTwoJobsAndTwoRunsGiveByteIdenticalOutputs() async throws {
        var outputs: [[String: Data]] = []
        let sharedKey = Self.temp("keys").appendingPathComponent("k.json")
        for (jobs, key) in [(1, Self.temp("k1").appendingPathComponent("k.json")), (2, sharedKey), (2, sharedKey)] {
            let out = Self.temp("out").appendingPathComponent("out")
            _ = try await PipelineRunner(
                config: try Self.miniConfig(), options: .init(outputDirectory: out, keyFile: key, jobs: jobs)
            ).run()
            // Every file, the cache's included, except the one that records when outputs were written
            // (the no-change check compares file times).
            outputs.append(Self.files(under: out).filter { $0.key != "cache/last-run.json" })
        }
        #expect(outputs[0].count > 10)
        #expect(outputs[0] == outputs[1], "1 job and 2 jobs differ")
        #expect(outputs[1] == outputs[2], "a second run with the same key differs")
    }

    @Test func leakGuardFailsARunWhoseOutputsCarryARegisteredName() async throws {
        // A site attribute is copied into reports verbatim: here it holds a participant's surname.
        let dir = Self.temp("sites")
        let sites = dir.appendingPathComponent("sites.csv")
        try Data(
            """
            id,name,region,deprivation_decile,integration_level,list_size
            X1,Quillbrook Medical Practice,Quartermaine Vale,7,full,9000
            X2,Ravensmoor Surgery,South West,3,partial,6000

            """.utf8
        ).write(to: sites)
        let out = Self.temp("out").appendingPathComponent("out")
        let summary = try await PipelineRunner(
            config: try Self.miniConfig(sites: sites),
            options: .init(outputDirectory: out, keyFile: Self.temp("keys").appendingPathComponent("k.json"), jobs: 1)
        ).run()
        #expect(!summary.leaks.isEmpty)
        #expect(summary.exitCode == 1)
        #expect(summary.leaks.allSatisfy { !$0.lowercased().contains("quartermaine") })
    }

    /// The transcripts folder is checked beside the rendering and the rest after it: findings from
    /// both come in file order, each file's in line order, as one scan of the folder gives them.
    @Test func leaksInTranscriptsAndReportsAreListedInFileOrder() async throws {
        let out = Self.temp("out").appendingPathComponent("out")
        let options = PipelineRunner.Options(
            outputDirectory: out, keyFile: Self.temp("keys").appendingPathComponent("k.json"), jobs: 2)
        let clean = try await PipelineRunner(config: try Self.miniConfig(), options: options).run()
        #expect(clean.leaks.isEmpty)
        // Files a user left in the output folder are checked too (a re-run keeps them); a removed
        // report makes the re-run a real one.
        try FileManager.default.removeItem(at: out.appendingPathComponent("summary.md"))
        try Data("ok\nMr Quartermaine called\nand ZEBEDEE\n".utf8).write(to: out.appendingPathComponent("transcripts/zz-notes.txt"))
        try Data("Ottoline\n".utf8).write(to: out.appendingPathComponent("aa-notes.txt"))
        try Data("\n\n\nFeatherstonhaugh\n".utf8).write(to: out.appendingPathComponent("zz-notes.txt"))
        let summary = try await PipelineRunner(config: try Self.miniConfig(), options: options).run()
        let shown = out.relativePath
        #expect(
            summary.leaks.map { String($0.prefix(while: { $0 != "(" })) } == [
                "\(shown)/aa-notes.txt:1: a registered name appears ",
                "\(shown)/transcripts/zz-notes.txt:2: a registered name appears ",
                "\(shown)/transcripts/zz-notes.txt:3: a registered name appears ",
                "\(shown)/zz-notes.txt:4: a registered name appears ",
            ])
        #expect(summary.exitCode == 1)
    }

    @Test func keyInsideOutputAndInvalidCodebookWriteNothing() async throws {
        let out = Self.temp("out").appendingPathComponent("out")
        await #expect(throws: DiagnosticError.self) {
            _ = try await PipelineRunner(
                config: try Self.miniConfig(),
                options: .init(outputDirectory: out, keyFile: out.appendingPathComponent("k.json"), jobs: 1)
            ).run()
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let broken = Self.temp("cb").appendingPathComponent("npt.yml")
        try Data("codebook: {id: x, version: '1'}\ncodes:\n  - id: a\n    lable: A\n".utf8).write(to: broken)
        await #expect(throws: DiagnosticError.self) {
            _ = try await PipelineRunner(
                config: try Self.miniConfig(codebook: broken.path),
                options: .init(outputDirectory: out, keyFile: Self.temp("k").appendingPathComponent("k.json"), jobs: 1)
            ).run()
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
