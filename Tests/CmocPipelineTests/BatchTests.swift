import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// Incremental re-runs (cache invalidation), shard/merge equality, report regeneration.
@Suite(.serialized) struct BatchTests {
    /// A private copy of the fixture corpus, so a test can edit it.
    static func corpusCopy() throws -> URL {
        let dir = PipelineRunTests.temp("corpus").appendingPathComponent("mini")
        try FileManager.default.copyItem(at: PipelineRunTests.mini, to: dir)
        return dir
    }

    static func config(corpus: URL, codebook: URL? = nil) throws -> PipelineConfig {
        let yaml = """
            pipeline: {id: mini}
            corpus: {root: \(corpus.path)}
            codebook: \((codebook ?? PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml")).path)
            cmocs: \(PipelineRunTests.repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path)
            """
        return try PipelineConfig.parse(yaml: yaml, file: corpus.appendingPathComponent("p.yml"), displayPath: "p.yml")
    }

    static func run(_ config: PipelineConfig, out: URL, key: URL, jobs: Int = 2, reportOnly: Bool = false) async throws
        -> PipelineRunner.Summary
    {
        var options = PipelineRunner.Options(outputDirectory: out, keyFile: key, jobs: jobs)
        options.reportOnly = reportOnly
        return try await PipelineRunner(config: config, options: options).run()
    }

    /// A private copy of the shipped codebook (its URL and text), so a test can edit it.
    static func codebookCopy() throws -> (URL, String) {
        let codebook = PipelineRunTests.temp("cb").appendingPathComponent("npt.yml")
        let original = try String(
            contentsOf: PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml"), encoding: .utf8)
        try original.write(to: codebook, atomically: true, encoding: .utf8)
        return (codebook, original)
    }

    /// A private corpus copy run once into a fresh output folder with a fresh key.
    static func ranOnce() async throws -> (corpus: URL, out: URL, key: URL, config: PipelineConfig) {
        let corpus = try Self.corpusCopy()
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        let key = PipelineRunTests.temp("key").appendingPathComponent("k.json")
        let config = try Self.config(corpus: corpus)
        _ = try await Self.run(config, out: out, key: key)
        return (corpus, out, key, config)
    }

    /// Outputs without the cache folder (its entries legitimately differ in codebook hash).
    static func reports(_ out: URL) -> [String: Data] {
        PipelineRunTests.files(under: out).filter { !$0.key.hasPrefix("cache/") }
    }

    @Test func unchangedReRunReusesEveryDocumentAndWritesTheSameOutputs() async throws {
        let corpus = try Self.corpusCopy()
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        let key = PipelineRunTests.temp("key").appendingPathComponent("k.json")
        let config = try Self.config(corpus: corpus)
        let cold = try await Self.run(config, out: out, key: key)
        let first = Self.reports(out)
        #expect(cold.cachedDocuments == 0)
        let warm = try await Self.run(config, out: out, key: key)
        #expect(warm.upToDate)
        #expect(warm.cachedDocuments == 3)  // the malformed file is never cached
        #expect(warm.failures.count == 1, "the failed document is still reported")
        #expect(warm.exitCode == 1)
        #expect(Self.reports(out) == first)
        // An output removed or edited since: everything is re-rendered from the cache.
        try FileManager.default.removeItem(at: out.appendingPathComponent("sites/X1/matrix.md"))
        let mended = try await Self.run(config, out: out, key: key)
        #expect(!mended.upToDate)
        #expect(mended.cachedDocuments == 3)
        #expect(Self.reports(out) == first)
    }

    @Test func changedTranscriptIsReadAgainAlone() async throws {
        let (corpus, out, key, config) = try await Self.ranOnce()
        let file = corpus.appendingPathComponent("transcripts/lw-x2.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + "Interviewer: Anything else?\nLW: No, that's everything.\n").write(to: file, atomically: true, encoding: .utf8)
        let warm = try await Self.run(config, out: out, key: key)
        #expect(!warm.upToDate)
        #expect(warm.cachedDocuments == 2)
        // The summary names what was read again.
        #expect(warm.readAgain == ["X2-INT-02"])
        #expect(warm.text.contains("1 document(s) read again, new or changed since the last run: X2-INT-02"), "\(warm.text)")
        let transcript = try String(contentsOf: out.appendingPathComponent("transcripts/X2-INT-02.txt"), encoding: .utf8)
        #expect(transcript.contains("that's everything"))
    }

    /// A transcript is a hard link to the cache's copy of its text (written once). Edited in place
    /// (which edits the cache's copy too), the document is read and pseudonymised again and the
    /// transcript comes back as it should be; the others stay cached.
    @Test func transcriptsShareTheCachedTextAndAnEditInPlaceIsCaught() async throws {
        let (_, out, key, config) = try await Self.ranOnce()
        let first = Self.reports(out)
        let transcript = out.appendingPathComponent("transcripts/X2-INT-02.txt")
        let cached = out.appendingPathComponent("cache/docs/X2-INT-02.text")
        let a = try FileManager.default.attributesOfItem(atPath: transcript.path)
        let b = try FileManager.default.attributesOfItem(atPath: cached.path)
        #expect(a[.systemFileNumber] as? Int == b[.systemFileNumber] as? Int, "one file, two names")
        #expect(a[.referenceCount] as? Int == 2)
        // Same length, different bytes, written through the link (no new file), a moment later
        // than the run wrote it (file times are coarse).
        try await Task.sleep(for: .milliseconds(50))
        let modified = try FileManager.default.attributesOfItem(atPath: transcript.path)[.modificationDate]
        let handle = try FileHandle(forWritingTo: transcript)
        try handle.write(contentsOf: Data("####".utf8))
        try handle.close()
        // Even with its modification time put back, as `touch -r` does.
        try FileManager.default.setAttributes([.modificationDate: try #require(modified)], ofItemAtPath: transcript.path)
        let warm = try await Self.run(config, out: out, key: key)
        #expect(!warm.upToDate, "an output edited in place at the same size is noticed")
        #expect(warm.cachedDocuments == 2)
        let said = warm.warnings.filter { $0.message.contains("edited after the last run") }
        #expect(said.map { $0.location?.file } == ["transcripts/X2-INT-02.txt"])
        // run.json records the warning; everything else is as the first run made it.
        #expect(Self.reports(out).filter { $0.key != "run.json" } == first.filter { $0.key != "run.json" })
        #expect(try await Self.run(config, out: out, key: key).upToDate)
    }

    @Test func changedCodebookRecodesWithoutReadingAgain() async throws {
        let corpus = try Self.corpusCopy()
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        let key = PipelineRunTests.temp("key").appendingPathComponent("k.json")
        let (codebook, original) = try Self.codebookCopy()
        _ = try await Self.run(try Self.config(corpus: corpus, codebook: codebook), out: out, key: key)
        try (original + "\n# edited\n").write(to: codebook, atomically: true, encoding: .utf8)
        let warm = try await Self.run(try Self.config(corpus: corpus, codebook: codebook), out: out, key: key)
        #expect(warm.cachedDocuments == 3)
        #expect(warm.recodedDocuments == 3)
        #expect(warm.text.contains("3 document(s) taken from the cache without reading them again, 3 of them re-coded"))
        #expect(warm.timings.seconds["code", default: 0] > 0, "the cached documents must be coded again")
    }

    /// Run with an edited codebook, put the old one back, then `cmoc report`: the cached codes are
    /// the edited codebook's, so report refuses (rather than stamp them with the old one's hash) and
    /// leaves every output as the run wrote it; `cmoc run` then re-codes.
    @Test func reportRefusesCodesMadeWithAnotherCodebook() async throws {
        let corpus = try Self.corpusCopy()
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        let key = PipelineRunTests.temp("key").appendingPathComponent("k.json")
        let (codebook, original) = try Self.codebookCopy()
        try (original + "\n# edited\n").write(to: codebook, atomically: true, encoding: .utf8)
        _ = try await Self.run(try Self.config(corpus: corpus, codebook: codebook), out: out, key: key)
        let written = Self.reports(out)
        try original.write(to: codebook, atomically: true, encoding: .utf8)
        let config = try Self.config(corpus: corpus, codebook: codebook)
        await #expect {
            _ = try await Self.run(config, out: out, key: key, reportOnly: true)
        } throws: { error in
            let message = (error as? DiagnosticError)?.diagnostics.first?.description ?? ""
            // The hint is a command to copy: this pipeline, this output folder.
            return message.contains("another version of this codebook")
                && message.contains("`cmoc run \(PipelineRunner.display(config.file)) --output \(PipelineRunner.display(out))`")
        }
        #expect(Self.reports(out) == written)
        let recoded = try await Self.run(config, out: out, key: key)
        #expect(recoded.cachedDocuments == 3)
        _ = try await Self.run(config, out: out, key: key, reportOnly: true)
    }

    /// `cmoc report` with another key file, no key file, or no complete run stops before touching the
    /// outputs and names the cause (a newcomer's forgotten `--key-file` used to empty the folder).
    @Test func reportRefusesAnotherKeyOrNoRunAndChangesNothing() async throws {
        let (_, out, key, config) = try await Self.ranOnce()
        let written = PipelineRunTests.files(under: out)
        let elsewhere = PipelineRunTests.temp("other").appendingPathComponent("k.json")
        for (keyFile, expected) in [(elsewhere, "no key file here"), (key, "")] {
            if keyFile == key { try FileManager.default.removeItem(at: out.appendingPathComponent("cache/key-state")) }
            await #expect {
                _ = try await Self.run(config, out: out, key: keyFile, reportOnly: true)
            } throws: { error in
                let message = (error as? DiagnosticError)?.diagnostics.first?.description ?? ""
                return expected.isEmpty
                    ? message.contains("no results from a complete `cmoc run`") : message.contains(expected) && message.contains("--key-file")
            }
            #expect(!FileManager.default.fileExists(atPath: elsewhere.path), "no key is written")
            #expect(
                PipelineRunTests.files(under: out).filter { $0.key != "cache/key-state" } == written.filter { $0.key != "cache/key-state" })
        }
        // A key file that exists but holds other pseudonyms (made for a corpus with one more name).
        let (otherCorpus, _, otherKey, _) = try await Self.ranOnce()
        let transcript = otherCorpus.appendingPathComponent("transcripts/lw-x2.txt")
        try (try String(contentsOf: transcript, encoding: .utf8) + "LW: I spoke to Mrs Henrietta Wolstencroft.\n")
            .write(to: transcript, atomically: true, encoding: .utf8)
        _ = try await Self.run(try Self.config(corpus: otherCorpus), out: PipelineRunTests.temp("o").appendingPathComponent("o"), key: otherKey)
        let (_, out2, _, config2) = try await Self.ranOnce()
        await #expect {
            _ = try await Self.run(config2, out: out2, key: otherKey, reportOnly: true)
        } throws: { error in
            ((error as? DiagnosticError)?.diagnostics.first?.description ?? "").contains("made with another key file")
        }
    }

    @Test func changedRegistryReadsEverythingAgain() async throws {
        let (corpus, out, key, config) = try await Self.ranOnce()
        let registry = corpus.appendingPathComponent("participants.csv")
        try (try String(contentsOf: registry, encoding: .utf8) + "PT-X1,Hermione Oyelaran-Blackwood,,patient,X1\n")
            .write(to: registry, atomically: true, encoding: .utf8)
        let warm = try await Self.run(config, out: out, key: key)
        #expect(warm.cachedDocuments == 0)
    }

    @Test func reportRegeneratesFromTheCacheAlone() async throws {
        let (_, out, key, config) = try await Self.ranOnce()
        let first = Self.reports(out)
        try FileManager.default.removeItem(at: out.appendingPathComponent("summary.md"))
        let again = try await Self.run(config, out: out, key: key, reportOnly: true)
        #expect(again.cachedDocuments == 3)
        #expect(again.timings.seconds["code", default: 0] == 0)
        #expect(again.text.contains("reports drawn again from the cache"), "\(again.text)")
        #expect(!again.text.contains("read again,"))
        var expected = first
        // the malformed document is reported as "no cached results" instead of its XML error
        expected["run.json"] = nil
        var got = Self.reports(out)
        got["run.json"] = nil
        for name in ["summary.html", "summary.md"] { expected[name] = nil; got[name] = nil }
        #expect(got == expected)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.md").path))
    }

    @Test func shardsMergedGiveExactlyTheSingleRunOutputs() async throws {
        let config = try Self.config(corpus: PipelineRunTests.mini)
        let single = PipelineRunTests.temp("single").appendingPathComponent("out")
        _ = try await Self.run(
            config, out: single, key: PipelineRunTests.temp("k1").appendingPathComponent("k.json"), jobs: 1)

        let merged = PipelineRunTests.temp("merged").appendingPathComponent("out")
        let key = PipelineRunTests.temp("k2").appendingPathComponent("k.json")
        let options = PipelineRunner.Options(outputDirectory: merged, keyFile: key, jobs: 2, useCache: false)
        var folders: [URL] = []
        for i in [2, 1, 3] {  // any order, any machine
            let folder = PipelineRunTests.temp("shard\(i)").appendingPathComponent("part")
            _ = try await PipelineRunner(config: config, options: options).runShard(
                try #require(ShardSpec("\(i)/3")), into: folder)
            let mode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o700)
            folders.append(folder)
        }
        _ = try await PipelineRunner(config: config, options: options).merge(folders)
        #expect(Self.reports(merged) == Self.reports(single))
        #expect(Self.reports(merged).count > 10)

        await #expect(throws: DiagnosticError.self) {
            _ = try await PipelineRunner(config: config, options: options).merge(Array(folders.prefix(2)))
        }
    }

    /// Shards only read and detect: after a codebook edit the same shards merge into exactly a
    /// single run with the new codebook; after a registry edit the merge names what changed; a
    /// shard given twice or left out is named once.
    @Test func shardsSurviveACodebookEditAndNameWhatWentWrong() async throws {
        let corpus = try Self.corpusCopy()
        let (codebook, original) = try Self.codebookCopy()
        let options = PipelineRunner.Options(
            outputDirectory: PipelineRunTests.temp("merged").appendingPathComponent("out"),
            keyFile: PipelineRunTests.temp("k2").appendingPathComponent("k.json"), jobs: 2, useCache: false)
        var folders: [URL] = []
        for i in 1...3 {
            let folder = PipelineRunTests.temp("shard\(i)").appendingPathComponent("part")
            _ = try await PipelineRunner(config: try Self.config(corpus: corpus, codebook: codebook), options: options)
                .runShard(try #require(ShardSpec("\(i)/3")), into: folder)
            folders.append(folder)
        }
        let before = PipelineRunTests.temp("before").appendingPathComponent("out")
        _ = try await Self.run(
            try Self.config(corpus: corpus, codebook: codebook), out: before,
            key: PipelineRunTests.temp("k0").appendingPathComponent("k.json"))
        let hitRow = "out-show-difference,outcome,out-show-difference/1"
        #expect(String(decoding: Self.reports(before)["segments.csv"] ?? Data(), as: UTF8.self).contains(hitRow))
        // A rule that no longer fires ("make a difference" is in a transcript): the merge codes with
        // the codebook as it is now.
        let changedRule = original.replacingOccurrences(of: " make a difference,", with: " make a real difference,")
        #expect(changedRule != original)
        try changedRule.write(to: codebook, atomically: true, encoding: .utf8)
        let edited = try Self.config(corpus: corpus, codebook: codebook)
        _ = try await PipelineRunner(config: edited, options: options).merge(folders)
        let single = PipelineRunTests.temp("single").appendingPathComponent("out")
        _ = try await Self.run(edited, out: single, key: PipelineRunTests.temp("k1").appendingPathComponent("k.json"))
        #expect(Self.reports(options.outputDirectory ?? single) == Self.reports(single))
        let segments = String(decoding: Self.reports(single)["segments.csv"] ?? Data(), as: UTF8.self)
        #expect(!segments.contains(hitRow))

        func messages(_ folders: [URL]) async -> [String] {
            do {
                _ = try await PipelineRunner(config: edited, options: options).merge(folders)
                return []
            } catch {
                return error.diagnostics.map(\.message)
            }
        }
        let twice = await messages([folders[0], folders[1], folders[1], folders[2]])
        #expect(twice.filter { $0.contains("is given twice") }.count == 1)
        #expect(!twice.contains { $0.contains("in two shards") })
        let short = await messages([folders[0], folders[2]])
        #expect(short.contains { $0.hasPrefix("shard 2/3 missing:") })

        var inside = options
        inside.outputDirectory = folders[0].appendingPathComponent("out")
        await #expect {
            _ = try await PipelineRunner(config: edited, options: inside).merge(folders)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.contains { $0.message.contains("overlaps this shard folder") } == true
        }

        // A transcript edited in place after the shards read it: named, not merged from old text.
        let transcript = corpus.appendingPathComponent("transcripts/lw-x2.txt")
        let text = try Data(contentsOf: transcript)
        try Data(String(decoding: text, as: UTF8.self).replacingOccurrences(of: "e", with: "E").utf8).write(to: transcript)
        let edited2 = await messages(folders)
        #expect(edited2.contains { $0.hasSuffix("(changed since: transcript X2-INT-02)") }, "\(edited2)")
        try text.write(to: transcript)
        #expect(await messages(folders).isEmpty)

        let registry = corpus.appendingPathComponent("participants.csv")
        try (try String(contentsOf: registry, encoding: .utf8) + "PT-X9,Ottoline Vasquez-Brennan,,patient,X1\n")
            .write(to: registry, atomically: true, encoding: .utf8)
        let stale = await messages(folders)
        #expect(stale.contains { $0.contains("changed since: participants") })
    }

    @Test func likelyMistakesInRegistryAndManifestAreWarnedAtTheirLines() async throws {
        let corpus = try Self.corpusCopy()
        let registry = corpus.appendingPathComponent("participants.csv")
        try (try String(contentsOf: registry, encoding: .utf8)).replacingOccurrences(of: ",gp,X1", with: ",GP,X1")
            .write(to: registry, atomically: true, encoding: .utf8)
        let manifest = corpus.appendingPathComponent("documents.csv")
        try (try String(contentsOf: manifest, encoding: .utf8))
            .replacingOccurrences(of: "X2-INT-02,X2,interview", with: "X2-INT-02,X1,focus group")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let summary = try await Self.run(
            try Self.config(corpus: corpus), out: PipelineRunTests.temp("out").appendingPathComponent("out"),
            key: PipelineRunTests.temp("key").appendingPathComponent("k.json"))
        let messages = summary.warnings.map(\.description)
        #expect(messages.contains { $0.contains("participants.csv:3: warning: role 'GP' of GP-X1") && $0.contains("did you mean 'gp'?") })
        #expect(messages.contains { $0.contains("documents.csv:5: warning: data type 'focus group'") && $0.contains("'focus_group'") })
        #expect(messages.contains { $0.contains("X2-INT-02 is at site X1 but its speaker LW-X2 is registered at X2") })
        #expect(messages.allSatisfy { !$0.contains("Featherstonhaugh") && !$0.contains("Pettigrew") })
    }

    @Test(arguments: [("1/1", true), ("3/4", true), ("0/4", false), ("5/4", false), ("x", false), ("1/0", false)])
    func shardSpecs(_ text: String, _ valid: Bool) {
        #expect((ShardSpec(text) != nil) == valid)
    }
}
