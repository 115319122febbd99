import ArgumentParser
import CmocModel
import CmocPipeline
import Foundation

/// `cmoc run [PIPELINE]`: the whole pipeline over a corpus.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: ingest, pseudonymise, segment, code, assemble evidence, write reports.",
        discussion: """
            Reads the corpus named in the pipeline file and writes, under the output folder:
              sites/<site>/matrix.{csv,md,html,json}, summary.{md,html}, segments.csv, presence.csv, run.json.
            The re-identification key is written outside the output folder (mode 0600).
            Exit status: 0 all fine; 1 some documents failed or a leak was found (outputs still written);
            2 the pipeline, registry, codebook or CMOC definitions are invalid (nothing written).
            """)

    @Argument(help: "Pipeline YAML file.", completion: .file(extensions: ["yml", "yaml"]))
    var pipeline: String = "pipelines/link-worker-npt.yml"

    @Option(name: .shortAndLong, help: "Output folder (default: the pipeline's outputs.dir, i.e. out/).")
    var output: String?

    @Option(name: .long, help: "Key file (pseudonym -> real name); must be outside the output folder.")
    var keyFile: String?

    @Option(name: .shortAndLong, help: "Documents processed in parallel (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let config: PipelineConfig
        do {
            config = try PipelineConfig.load(path: pipeline)
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(2)
        }
        let options = PipelineRunner.Options(
            outputDirectory: output.map { URL(fileURLWithPath: $0).standardizedFileURL },
            keyFile: keyFile.map { URL(fileURLWithPath: $0).standardizedFileURL },
            jobs: jobs)
        let summary: PipelineRunner.Summary
        do {
            summary = try await PipelineRunner(config: config, options: options).run()
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(2)
        }
        Console.report(summary.warnings + summary.failures)
        for leak in summary.leaks { Console.error("leak guard: \(leak)") }
        if !quiet {
            Console.out(summary.text)
        }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}
