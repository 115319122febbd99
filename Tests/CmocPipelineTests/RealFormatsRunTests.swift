import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// `cmoc run` over a corpus that mixes all nine formats: the twelve real public files in
/// `../shared/data/transcripts`, each of which must keep its gold speaker and turn counts.
@Suite struct RealFormatsRunTests {
    static let shared = PipelineRunTests.repo.deletingLastPathComponent().appendingPathComponent("shared/data/transcripts")
    static let available = FileManager.default.fileExists(atPath: shared.appendingPathComponent("MANIFEST.tsv").path)

    struct Gold {
        var file: String
        var speakers: Int
        var turnsMerged: Int
    }

    static func gold() throws -> [Gold] {
        let text = try String(contentsOf: shared.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        let file = header.firstIndex(of: "file") ?? 0
        let speakers = header.firstIndex(of: "speakers") ?? 0
        let merged = header.firstIndex(of: "turns_merged") ?? 0
        return lines.dropFirst().map { row in
            Gold(
                file: row[file], speakers: Int(row[speakers].split(separator: ":").first ?? "") ?? 0,
                turnsMerged: Int(row[merged]) ?? -1)
        }
    }

    @Test(.enabled(if: available, "../shared/data is not beside the repository"))
    func mixedFormatCorpusKeepsGoldCountsThroughTheRun() async throws {
        let gold = try Self.gold()
        #expect(gold.count == 12)
        let corpus = PipelineRunTests.temp("mixed")
        var manifest = "file,id,site,data_type,speakers\n"
        for (i, row) in gold.enumerated() {
            manifest += "\(Self.shared.appendingPathComponent(row.file).path),R\(i + 1),X1,interview,\n"
        }
        try Data(manifest.utf8).write(to: corpus.appendingPathComponent("documents.csv"))
        try Data("id,name,region,deprivation_decile,integration_level\nX1,Mixed Formats Practice,North,5,full\n".utf8)
            .write(to: corpus.appendingPathComponent("sites.csv"))
        try Data("id,name,aliases,role,site\nRES-9,Leocadia Vanderpump,,researcher,\n".utf8)
            .write(to: corpus.appendingPathComponent("participants.csv"))
        let yaml = """
            pipeline: {id: mixed}
            corpus: {root: \(corpus.path)}
            codebook: \(PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml").path)
            cmocs: \(PipelineRunTests.repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path)
            """
        let config = try PipelineConfig.parse(yaml: yaml, file: corpus.appendingPathComponent("p.yml"), displayPath: "p.yml")
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        let summary = try await PipelineRunner(
            config: config,
            options: .init(outputDirectory: out, keyFile: PipelineRunTests.temp("k").appendingPathComponent("k.json"), jobs: 2)
        ).run()
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        let data = try Data(contentsOf: out.appendingPathComponent("run.json"))
        let run = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let documents = try #require(run["documents"] as? [[String: Any]])
        #expect(documents.count == 12)
        for (row, record) in zip(gold, documents) {
            #expect(record["speakers"] as? Int == row.speakers, "\(row.file): speakers")
            #expect(record["attributed_turns"] as? Int == row.turnsMerged, "\(row.file): turns")
        }
        let formats = Set(documents.compactMap { $0["format"] as? String })
        #expect(formats == ["plaintext", "webvtt", "srt", "tei", "transcriber", "elan", "exmaralda", "chat"])
    }
}
