import ArgumentParser
import CmocCoding
import CmocModel
import CmocPipeline
import CmocPseudonymise
import Foundation

/// `cmoc code FILE... [--codebook PATH] [--json]`: codes transcripts with the codebook and prints
/// each turn's codes (span, code id, rule id, direction). Documents are named D1, D2… in
/// argument order, never by file name (file names often hold participants' names).
struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Code transcripts with a codebook and print every hit.",
        discussion: """
            FILE is a transcript in any format `cmoc ingest` reads; it goes through the run's own ingest, \
            pseudonymise and segment stages, so what is printed carries pseudonyms. With --registry, \
            registered speakers get their roles (and speaker filters apply). Text output: one hit per line, tab-separated: document, turn, start-end (UTF-8 bytes), \
            code, rule, direction, matched words.
            """)

    @Argument(help: "Transcript files.")
    var files: [String]

    @Option(help: "The codebook.")
    var codebook = CodingCLI.defaultCodebook

    @Option(help: "Participant registry CSV (id,name,aliases,role,site) for names and roles (default: the default pipeline's, when present).")
    var registry: String?

    @Flag(help: "Print JSON: per document, per turn, the hits.")
    var json = false

    func run() async throws {
        let compiled = try CodingCLI.compile(codebook)
        var documents: [CodingCLI.CodedJSON] = []
        var lines: [String] = []
        for (number, path) in files.enumerated() {
            let document = try CodingCLI.document(path: path, id: "D\(number + 1)", registry: registry)
            let hits = compiled.code(document, siteAttributes: [:])
            documents.append(CodingCLI.CodedJSON(document: document, hits: hits))
            for hit in hits {
                let text = CodingCLI.slice(document.turns[hit.turnIndex].text, hit.span)
                lines.append(
                    "\(hit.documentID)\t\(hit.turnIndex)\t\(hit.span.start)-\(hit.span.end)\t\(hit.codeID)\t\(hit.ruleID)\t\(hit.direction.rawValue)\t\(text)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(documents)
            print(String(decoding: data, as: UTF8.self))
        } else {
            for line in lines { print(line) }
        }
    }
}

/// What the coding commands share: the default codebook, loading with diagnostics on stderr,
/// and the small "transcript file -> SegmentedDocument" shim (to be replaced by ingest+segment).
enum CodingCLI {
    static let defaultCodebook = "pipelines/codebooks/npt.yml"

    /// Prints diagnostics to stderr, one `file:line:col: severity: message` each.
    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
    }

    static func load(_ path: String) throws -> Codebook {
        do {
            return try Codebook.load(path: path)
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode(2)
        }
    }

    static func compile(_ path: String) throws -> CompiledCodebook {
        let codebook = try load(path)
        do {
            return try CompiledCodebook(codebook)
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode(2)
        }
    }

    /// A transcript through the run's own ingest, pseudonymise and segment stages (key in memory).
    /// The registry shown names are replaced from: `--registry`, else the default pipeline's
    /// (so `cmoc explain corpus/...` never prints a registered name), else detectors alone.
    static func registry(_ path: String?) throws(DiagnosticError) -> Registry? {
        if let path { return try Registry.load(participants: URL(fileURLWithPath: path), sites: nil) }
        guard let config = try? PipelineConfig.load(path: "pipelines/link-worker-npt.yml"),
            FileManager.default.fileExists(atPath: config.participants.path)
        else { return nil }
        return try Registry.load(participants: config.participants, sites: config.sites, places: config.places)
    }

    static func document(path: String, id: String, registry: String? = nil) throws -> SegmentedDocument {
        do throws(DiagnosticError) {
            let people = try Self.registry(registry)
            return try SingleTranscript.segmented(path: path, id: id, registry: people)
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode(2)
        }
    }

    /// The text of a UTF-8 span of `text`.
    static func slice(_ text: String, _ span: ByteSpan) -> String {
        let bytes = Array(text.utf8)
        guard span.start >= 0, span.end <= bytes.count, span.start <= span.end else { return "" }
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }

    /// JSON shape of `cmoc code --json`.
    struct CodedJSON: Encodable {
        struct TurnJSON: Encodable {
            var index: Int
            var speaker: String?
            var codes: [HitJSON]
        }
        struct HitJSON: Encodable {
            var code: String
            var rule: String
            var span: [Int]
            var direction: String
            var text: String
        }
        var document: String
        var turns: [TurnJSON]

        init(document: SegmentedDocument, hits: [CodeHit]) {
            self.document = document.id
            turns = document.turns.map { turn in
                TurnJSON(
                    index: turn.index, speaker: turn.speaker,
                    codes: hits.filter { $0.turnIndex == turn.index }.map {
                        HitJSON(
                            code: $0.codeID, rule: $0.ruleID, span: [$0.span.start, $0.span.end],
                            direction: $0.direction.rawValue, text: CodingCLI.slice(turn.text, $0.span))
                    })
            }
        }
    }
}
