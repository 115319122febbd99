import ArgumentParser
import CmocPipeline

/// The `cmoc` command line: thin, declarative; every command calls the library and maps
/// errors to exit codes (0 fine, 1 some documents or checks failed, 2 bad configuration/usage).
@main
struct CMOC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmoc",
        abstract: "Realist-evaluation pipeline: transcripts in, CMOC evidence matrices out.",
        discussion: """
            Stages, in data-flow order: ingest -> pseudonymise -> segment -> code -> evidence -> reports.
            With no arguments, `cmoc run` runs pipelines/link-worker-npt.yml over corpus/.
            """,
        version: cmocVersion,
        subcommands: [
            RunCommand.self,
            ReportCommand.self,
            MergeCommand.self,
            IngestCommand.self,
            PseudonymiseCommand.self,
            RulesCommand.self,
            CodeCommand.self,
            ExplainCommand.self,
        ]
    )
}
