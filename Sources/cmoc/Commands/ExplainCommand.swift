import ArgumentParser
import CmocCoding
import CmocModel
import Foundation

/// `cmoc explain FILE [--turn N] [--codebook PATH]`: shows, turn by turn, which rules fired on
/// which words, and the negation and hedge scopes that set each hit's direction.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rules fired where, on which words, with negation and hedge scopes.",
        discussion: """
            Under each turn: '^' marks a negation trigger and '~' its scope; '?' marks a hedge and '.' its \
            sentence. Hits are listed as code, rule, direction and the turn with the words in [[ ]].
            """)

    @Argument(help: "A transcript in any format `cmoc ingest` reads (pseudonymised before display).")
    var file: String

    @Option(help: "Only this turn (0-based).")
    var turn: Int?

    @Option(help: "The codebook.")
    var codebook = CodingCLI.defaultCodebook

    @Option(help: "Participant registry CSV (id,name,aliases,role,site) for names and roles (default: the default pipeline's, when present).")
    var registry: String?

    func run() async throws {
        let compiled = try CodingCLI.compile(codebook)
        let document = try CodingCLI.document(path: file, id: "D1", registry: registry)
        if let turn, !document.turns.indices.contains(turn) {
            CodingCLI.printDiagnostics([
                Diagnostic(
                    .error, stage: "explain", at: SourceLocation(file: file),
                    "--turn \(turn) is out of range: the transcript has \(document.turns.count) turns",
                    hint: document.turns.isEmpty ? "the file has no 'Label: text' lines" : "use 0 to \(document.turns.count - 1)")
            ])
            throw ExitCode(2)
        }
        for explanation in compiled.explain(document, siteAttributes: [:]) {
            if let turn, explanation.turnIndex != turn { continue }
            let t = document.turns[explanation.turnIndex]
            guard !explanation.hits.isEmpty || !explanation.negations.isEmpty || !explanation.hedges.isEmpty else {
                if turn != nil { print("turn \(t.index): no codes, no negation or hedge") }
                continue
            }
            print(explanation.rendered(t))
        }
    }
}
