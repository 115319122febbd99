import ArgumentParser
import CmocModel
import CmocPipeline
import Foundation

/// Options shared by `run`, `report` and `merge`.
struct PipelineOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output folder (default: the pipeline's outputs.dir, i.e. out/).")
    var output: String?

    @Option(name: .long, help: "Key file (pseudonym -> real name); must be outside the output folder.")
    var keyFile: String?

    @Option(name: .shortAndLong, help: "Documents processed in parallel; the default is this machine's number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .shortAndLong, help: "Print nothing but errors (no progress line, no summary).")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func loadConfig(_ path: String) throws -> PipelineConfig {
        do {
            return try PipelineConfig.load(path: path)
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(2)
        }
    }

    func runnerOptions(useCache: Bool = true, reportOnly: Bool = false) -> PipelineRunner.Options {
        var options = PipelineRunner.Options(
            outputDirectory: output.map { URL(fileURLWithPath: $0).standardizedFileURL },
            keyFile: keyFile.map { URL(fileURLWithPath: $0).standardizedFileURL },
            jobs: jobs, useCache: useCache, progress: quiet ? nil : ProgressLine.make())
        options.reportOnly = reportOnly
        return options
    }

    /// Prints the outcome and turns it into the exit status.
    func finish(_ summary: PipelineRunner.Summary) throws {
        ProgressLine.clear()
        Console.report(summary.warnings + summary.failures)
        for leak in summary.leaks { Console.error("leak guard: \(leak)") }
        if !quiet { Console.out(summary.text) }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}

/// `cmoc run [PIPELINE]`: the whole pipeline over a corpus.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: ingest, pseudonymise, segment, code, assemble evidence, write reports.",
        discussion: """
            Reads the corpus named in the pipeline file and writes, under the output folder:
              sites/<site>/matrix.{csv,md,html,json}, summary.{md,html}, segments.csv, presence.csv,
              transcripts/<document>.txt (pseudonymised), run.json, and cache/ for fast re-runs.
            The re-identification key is written outside the output folder (mode 0600).
            Exit status: 0 all fine; 1 some documents failed or a leak was found (outputs still written);
            2 the pipeline, registry, codebook or CMOC definitions are invalid (nothing written);
            64 a command-line option is wrong.

            On a cluster: `cmoc run --shard i/N --shard-dir DIR` reads and detects a share of the corpus
            into DIR (sensitive: keep it beside the key); `cmoc merge DIR...` then writes the outputs.
            """)

    @Argument(help: "Pipeline YAML file.", completion: .file(extensions: ["yml", "yaml"]))
    var pipeline: String = "pipelines/link-worker-npt.yml"

    @OptionGroup var common: PipelineOptions

    @Flag(name: .long, help: "Ignore and rebuild the per-document cache.")
    var noCache = false

    @Option(name: .long, help: "Process only share i of N of the documents (e.g. 2/8); needs --shard-dir.")
    var shard: String?

    @Option(name: .long, help: "Where a shard writes its partial result (outside the output folder).")
    var shardDir: String?

    func validate() throws {
        if let shard, ShardSpec(shard) == nil {
            throw ValidationError("--shard takes i/N with 1 ≤ i ≤ N, e.g. 3/8; got '\(shard)'")
        }
        if (shard == nil) != (shardDir == nil) {
            throw ValidationError("--shard and --shard-dir go together")
        }
    }

    func run() async throws {
        let config = try common.loadConfig(pipeline)
        let runner = PipelineRunner(config: config, options: common.runnerOptions(useCache: !noCache))
        if let shard = shard.flatMap(ShardSpec.init), let shardDir {
            do {
                let result = try await runner.runShard(shard, into: URL(fileURLWithPath: shardDir).standardizedFileURL)
                ProgressLine.clear()
                Console.report(result.failures)
                if !common.quiet {
                    Console.out("shard \(shard): \(result.documents) documents read into \(shardDir)")
                }
            } catch {
                Console.report(error.diagnostics)
                throw ExitCode(2)
            }
            return
        }
        let summary: PipelineRunner.Summary
        do { summary = try await runner.run() } catch {
            ProgressLine.clear()
            Console.report(error.diagnostics)
            throw ExitCode(2)
        }
        try common.finish(summary)
    }
}

/// `cmoc report [PIPELINE]`: re-render every report from the cached coded documents.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate every report from the cached coded documents, without reading or coding again.")

    @Argument(help: "Pipeline YAML file.", completion: .file(extensions: ["yml", "yaml"]))
    var pipeline: String = "pipelines/link-worker-npt.yml"

    @OptionGroup var common: PipelineOptions

    func run() async throws {
        let config = try common.loadConfig(pipeline)
        let summary: PipelineRunner.Summary
        do {
            summary = try await PipelineRunner(config: config, options: common.runnerOptions(reportOnly: true)).run()
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(2)
        }
        try common.finish(summary)
    }
}

/// `cmoc merge PART...`: combine shard results into the outputs of a single run.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine shard folders (from `cmoc run --shard i/N`) into exactly a single run's outputs.")

    @Argument(help: "Shard folders, all N of them.", completion: .directory)
    var parts: [String]

    @Option(name: .long, help: "Pipeline YAML file the shards were made with.")
    var pipeline: String = "pipelines/link-worker-npt.yml"

    @OptionGroup var common: PipelineOptions

    func validate() throws {
        if parts.isEmpty { throw ValidationError("give the shard folders to merge") }
    }

    func run() async throws {
        let config = try common.loadConfig(pipeline)
        let summary: PipelineRunner.Summary
        do {
            summary = try await PipelineRunner(config: config, options: common.runnerOptions(useCache: false))
                .merge(parts.map { URL(fileURLWithPath: $0).standardizedFileURL })
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(2)
        }
        try common.finish(summary)
    }
}
