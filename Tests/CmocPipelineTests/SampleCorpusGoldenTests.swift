import CmocIngest
import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// The shipped sample corpus through the shipped pipeline: every report pinned by a golden file,
/// every HTML report parsed by libxml2, every quote traceable to its turn.
///
/// Re-record deliberately with `CMOC_RECORD_GOLDEN=1 swift test --filter SampleCorpusGoldenTests`.
@Suite(.serialized) struct SampleCorpusGoldenTests {
    static let golden = PipelineRunTests.repo.appendingPathComponent("Tests/CmocPipelineTests/Golden/sample")
    static let recording = ProcessInfo.processInfo.environment["CMOC_RECORD_GOLDEN"] == "1"

    /// Runs the sample once per test process (fresh key, so pseudonym numbers are those of a first run).
    static let run: (out: URL, summary: PipelineRunner.Summary)? = {
        let out = PipelineRunTests.temp("sample").appendingPathComponent("out")
        let key = PipelineRunTests.temp("sample-key").appendingPathComponent("k.json")
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var summary: PipelineRunner.Summary?
        Task {
            let config = try? PipelineConfig.load(
                path: PipelineRunTests.repo.appendingPathComponent("pipelines/link-worker-npt.yml").path)
            if let config {
                summary = try? await PipelineRunner(
                    config: config, options: .init(outputDirectory: out, keyFile: key, jobs: 2)
                ).run()
            }
            semaphore.signal()
        }
        semaphore.wait()
        return summary.map { (out, $0) }
    }()

    @Test func sampleRunsCleanly() throws {
        let run = try #require(Self.run)
        #expect(run.summary.failures.isEmpty, "\(run.summary.failures)")
        #expect(run.summary.leaks.isEmpty, "\(run.summary.leaks)")
        #expect(run.summary.exitCode == 0)
        let sites = try CSVTable.parse(
            String(contentsOf: PipelineRunTests.repo.appendingPathComponent("corpus/sites.csv"), encoding: .utf8),
            file: "sites.csv", stage: "test")
        let written = PipelineRunTests.files(under: run.out)
        for row in sites.rows {
            let site = try #require(sites.value(row, "id"))
            for kind in ["csv", "md", "html", "json"] { #expect(written["sites/\(site)/matrix.\(kind)"] != nil) }
        }
    }

    @Test func everyReportMatchesItsGoldenFile() throws {
        let run = try #require(Self.run)
        // The cache is not a report (it holds the same text as transcripts/); pin the reports.
        let written = PipelineRunTests.files(under: run.out).filter { !$0.key.hasPrefix("cache/") }
        if Self.recording {
            try? FileManager.default.removeItem(at: Self.golden)
            for (path, data) in written {
                let url = Self.golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        let expected = PipelineRunTests.files(under: Self.golden)
        #expect(Set(written.keys) == Set(expected.keys), "the set of output files changed")
        for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actual = written[path] else { continue }
            if actual != data {
                let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let e = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
                Issue.record("\(path) differs from its golden file at line \(line + 1); re-record with CMOC_RECORD_GOLDEN=1 if intended")
            }
        }
    }

    @Test func htmlReportsParseWithLibxml2AndAreSelfContained() throws {
        let run = try #require(Self.run)
        for (path, data) in PipelineRunTests.files(under: run.out) where path.hasSuffix(".html") {
            let result = HTMLCheck.check([UInt8](data), displayName: path)
            #expect(result.problems.isEmpty, "\(path): \(result.problems.map(\.description))")
            #expect(result.elementCounts["table", default: 0] > 0, "\(path) has no table")
            #expect(result.elementCounts["script", default: 0] == 0, "\(path) has a script")
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("src=\"http") && !text.contains("href=\"http"), "\(path) loads an external asset")
        }
    }

    /// Every quote in segments.csv is the text of its turn (or part of it) in the pseudonymised
    /// document that matrix.json and the segment rows point at.
    @Test func everyExcerptIsFoundInItsTurn() throws {
        let run = try #require(Self.run)
        let segments = try CSVTable.parse(
            String(contentsOf: run.out.appendingPathComponent("segments.csv"), encoding: .utf8), file: "segments.csv",
            stage: "test")
        let presence = try CSVTable.parse(
            String(contentsOf: run.out.appendingPathComponent("presence.csv"), encoding: .utf8), file: "presence.csv",
            stage: "test")
        #expect(segments.rows.count > 50)
        #expect(presence.rows.count > 100)
        let turns = Set(presence.rows.map { "\(presence.value($0, "document") ?? "")#\(presence.value($0, "turn") ?? "")" })
        for row in segments.rows {
            let document = try #require(segments.value(row, "document"))
            let turn = try #require(segments.value(row, "turn").flatMap { Int($0) })
            #expect(turns.contains("\(document)#\(turn)"), "segment row \(row.line) points at no turn")
            let transcript = try String(
                contentsOf: run.out.appendingPathComponent("transcripts/\(document).txt"), encoding: .utf8)
            let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false)
            let line = try #require(turn < lines.count ? String(lines[turn]) : nil)
            let excerpt = try #require(segments.value(row, "excerpt"))
            for piece in excerpt.split(separator: "…").map({ String($0).trimmingSpaces }) where !piece.isEmpty {
                #expect(line.contains(piece), "segments.csv line \(row.line): excerpt not in turn \(turn) of \(document)")
            }
        }
    }

    /// Every quote a matrix shows (supporting and refuting, every site) is found, with its speaker,
    /// in its turn's line of the pseudonymised transcript.
    @Test func everyMatrixQuoteIsFoundInItsTurn() throws {
        let run = try #require(Self.run)
        var checked = 0
        for (path, data) in PipelineRunTests.files(under: run.out) where path.hasSuffix("matrix.json") {
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let matrix = try #require(json["matrix"] as? [String: Any])
            for row in try #require(matrix["rows"] as? [[String: Any]]) {
                let quotes = (row["quotes"] as? [[String: Any]] ?? []) + (row["refutingQuotes"] as? [[String: Any]] ?? [])
                for quote in quotes {
                    let document = try #require(quote["documentID"] as? String)
                    let turn = try #require(quote["turnIndex"] as? Int)
                    let excerpt = try #require(quote["excerpt"] as? String)
                    let transcript = try String(
                        contentsOf: run.out.appendingPathComponent("transcripts/\(document).txt"), encoding: .utf8)
                    let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false)
                    let line = try #require(turn < lines.count ? String(lines[turn]) : nil)
                    if let speaker = quote["speaker"] as? String { #expect(line.hasPrefix(speaker + ": ")) }
                    for piece in excerpt.split(separator: "…").map({ String($0).trimmingSpaces }) where !piece.isEmpty {
                        #expect(line.contains(piece), "\(path): a quote is not in turn \(turn) of \(document)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }
}
