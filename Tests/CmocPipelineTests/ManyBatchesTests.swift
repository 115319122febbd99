import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// A corpus of many batches (32 documents a batch per job): names first met in later batches are
/// numbered as a single sequential pass numbers them, whatever the job count and however the
/// batches fall, and the outputs are byte for byte the same.
struct ManyBatchesTests {
    static let neighbours = [
        "Bartholomew", "Cressida", "Evander", "Philippa", "Thaddeus", "Rosalind", "Ignatius", "Marguerite", "Leopold",
        "Wilhelmina", "Octavius", "Henrietta", "Peregrine", "Clementine", "Barnaby", "Euphemia", "Lysander", "Gwendolyn",
    ]

    static func corpus(documents: Int) throws -> URL {
        let root = PipelineRunTests.temp("many")
        let mini = PipelineRunTests.mini
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("transcripts"), withIntermediateDirectories: true)
        for name in ["participants.csv", "sites.csv"] {
            try FileManager.default.copyItem(at: mini.appendingPathComponent(name), to: root.appendingPathComponent(name))
        }
        var manifest = "file,id,site,data_type,speakers\n"
        for i in 0..<documents {
            let site = i % 3 == 0 ? "X2" : "X1"
            let neighbour = neighbours[(i * 7) % neighbours.count]
            let other = neighbours[(i * i + 3) % neighbours.count]
            let text = """
                Interviewer: How did the referral go for you, number \(i)?
                LW: My neighbour \(neighbour) came with me. I felt valued; the GP trusted the link worker.
                Interviewer: And \(other)?
                LW: Mrs \(other) said the group helped her feel less isolated, and we meet every week now.

                """
            try Data(text.utf8).write(to: root.appendingPathComponent("transcripts/d\(i).txt"))
            let lw = site == "X2" ? "LW-X2" : "LW-X1"
            manifest += "transcripts/d\(i).txt,D\(String(format: "%03d", i)),\(site),interview,Interviewer=RES-9;LW=\(lw)\n"
        }
        try Data(manifest.utf8).write(to: root.appendingPathComponent("documents.csv"))
        return root
    }

    @Test func oneAndTwoJobsAgreeAcrossManyBatches() async throws {
        let root = try Self.corpus(documents: 150)
        let yaml = """
            pipeline: {id: many}
            corpus: {root: \(root.path)}
            codebook: \(PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml").path)
            cmocs: \(PipelineRunTests.repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path)
            """
        let config = try PipelineConfig.parse(
            yaml: yaml, file: PipelineRunTests.temp("cfg").appendingPathComponent("p.yml"), displayPath: "p.yml")
        var outputs: [[String: Data]] = []
        var keys: [Data?] = []
        for jobs in [1, 2, 3] {
            let out = PipelineRunTests.temp("out").appendingPathComponent("out")
            let key = PipelineRunTests.temp("k").appendingPathComponent("k.json")
            let summary = try await PipelineRunner(
                config: config, options: .init(outputDirectory: out, keyFile: key, jobs: jobs)
            ).run()
            #expect(summary.documents == 150 && summary.failures.isEmpty && summary.leaks.isEmpty)
            outputs.append(PipelineRunTests.files(under: out).filter { $0.key != "cache/last-run.json" })
            keys.append(FileManager.default.contents(atPath: key.path))
        }
        #expect(outputs[0].count > 150)
        #expect(outputs[0] == outputs[1], "1 job and 2 jobs differ")
        #expect(outputs[0] == outputs[2], "1 job and 3 jobs differ")
        #expect(keys[0] != nil && keys[0] == keys[1] && keys[0] == keys[2])
        // Every neighbour got a pseudonym, numbered in first-mention order.
        let key = String(decoding: keys[0] ?? Data(), as: UTF8.self)
        #expect(key.contains("[PERSON-\(Self.neighbours.count)]"), "\(key.prefix(400))")
    }
}
