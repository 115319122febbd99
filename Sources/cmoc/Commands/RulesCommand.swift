import ArgumentParser
import CmocCoding
import CmocModel
import Foundation

/// `cmoc rules test|lint|import`: the researcher's tools for writing, checking and trusting coding rules.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Test, lint and import coding rules.",
        subcommands: [Test.self, Lint.self, Import.self])

    /// `cmoc rules test [CODEBOOK]`: runs every example; exit 0 only when all behave.
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every code's match/no_match examples.",
            discussion: "A failing example is reported at its own file:line in the codebook, with what matched instead.")

        @Argument(help: "The codebook.")
        var codebook = CodingCLI.defaultCodebook

        @Flag(help: "Also list the examples that pass.")
        var verbose = false

        func run() async throws {
            let compiled = try CodingCLI.compile(codebook)
            let results = ExampleRunner(compiled).run()
            let failures = results.compactMap(\.failure)
            if verbose {
                for result in results where result.failure == nil {
                    print("ok   \(result.example.location)  \(result.codeID)  \(result.matchedText)")
                }
            }
            CodingCLI.printDiagnostics(failures)
            let placeholders = compiled.codebook.codes.flatMap(\.examples).filter(\.isPlaceholder).count
            print("\(results.count) examples, \(failures.count) failed\(placeholders > 0 ? ", \(placeholders) placeholders skipped" : "")")
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }

    /// `cmoc rules lint [CODEBOOK]`: warnings printed; exit non-zero only for errors.
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find codes without examples, duplicate or shadowed terms, risky wildcards, unreachable codes.")

        @Argument(help: "The codebook.")
        var codebook = CodingCLI.defaultCodebook

        func run() async throws {
            let loaded = try CodingCLI.load(codebook)
            let findings = CodebookLinter().lint(loaded)
            CodingCLI.printDiagnostics(findings.map(\.diagnostic))
            let errors = findings.filter { $0.severity == .error }.count
            print("\(loaded.codes.count) codes, \(errors) errors, \(findings.count - errors) warnings")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    enum DictionaryFormat: String, CaseIterable, ExpressibleByArgument {
        case quanteda, liwc
    }

    /// `cmoc rules import FILE [--format quanteda|liwc] [--output YAML]`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a quanteda YAML dictionary or a LIWC .dic file into codebook YAML.",
            discussion: "Each category becomes a code with a keywords rule and placeholder examples for you to replace.")

        @Argument(help: "The dictionary file.")
        var file: String

        @Option(help: "Dictionary format (\(DictionaryFormat.allCases.map(\.rawValue).joined(separator: ", "))); default: from the file extension (.dic is liwc).")
        var format: DictionaryFormat?

        @Option(help: "Write the codebook here instead of standard output.")
        var output: String?

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(validating: data, as: UTF8.self) else {
                CodingCLI.printDiagnostics([Diagnostic(.error, stage: "import", at: SourceLocation(file: file), "cannot read the dictionary as UTF-8 text", hint: "check the path and encoding")])
                throw ExitCode(2)
            }
            let chosen = format ?? (file.lowercased().hasSuffix(".dic") ? .liwc : .quanteda)
            let id = DictionaryImporter.slug(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
            let result: DictionaryImporter.Output
            do throws(DiagnosticError) {
                result = try DictionaryImporter.convert(
                    text: text, file: file, format: chosen == .liwc ? .liwc : .quanteda, codebookID: id)
            } catch {
                CodingCLI.printDiagnostics(error.diagnostics)
                throw ExitCode(2)
            }
            CodingCLI.printDiagnostics(result.warnings)
            if let output {
                do {
                    try Data(result.yaml.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    CodingCLI.printDiagnostics([Diagnostic(.error, stage: "import", at: SourceLocation(file: output), "cannot write the codebook", hint: "check the folder exists and is writable")])
                    throw ExitCode(2)
                }
            } else {
                print(result.yaml, terminator: "")
            }
        }
    }
}
