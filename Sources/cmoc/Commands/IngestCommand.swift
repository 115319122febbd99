import ArgumentParser
import CmocIngest
import CmocModel
import Foundation

/// `cmoc ingest FILE... [--format F] [--json]`: reads transcripts and shows what the ingest stage
/// makes of them (speakers as written and merged turns), so a researcher can check a file before
/// a run. A file that fails is reported on stderr as `file:line:col: error: …`; the others are
/// still printed, and the exit code is 1.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read transcript files and show their speakers and turns.",
        discussion: """
            Formats: \(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")). \
            The format is detected from the content unless --format is given.
            """)

    @Argument(help: "Transcript files to read.")
    var files: [String]

    @Option(help: "Force a reader instead of detecting the format (\(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", "))).")
    var format: String?

    @Flag(help: "Print the documents as JSON: id, format, encoding, speakers, turns.")
    var json = false

    func run() async throws {
        var options = IngestOptions()
        if let format {
            guard let forced = TranscriptFormat(rawValue: format) else {
                // Bad usage exits with 2, as every cmoc command does.
                let names = TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("error: unknown format '\(format)'; use one of: \(names)\n".utf8))
                throw ExitCode(2)
            }
            options.format = forced
        }
        var documents: [SourceDocument] = []
        var failed = false
        for (index, path) in files.enumerated() {
            let id = "doc-\(index + 1)"
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): error: cannot read the file\n".utf8))
                failed = true
                continue
            }
            do {
                let document = try Ingest.read(bytes: [UInt8](data), displayName: path, id: id, options: options)
                documents.append(document)
                if !json { print(IngestSummary.line(document, path: path)) }
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                failed = true
            }
        }
        if json { print(IngestSummary.json(documents)) }
        if failed { throw ExitCode(1) }
    }
}

/// How `cmoc ingest` prints documents: fixed key order, nulls kept, shortest round-trip numbers.
enum IngestSummary {
    static func line(_ d: SourceDocument, path: String) -> String {
        let turns = d.mergedTurns
        return "\(d.id) \(path): \(d.format), \(d.encoding), \(d.speakers.count) speakers, "
            + "\(turns.count) turns (\(turns.filter { $0.speaker != nil }.count) attributed) from \(d.utterances.count) units"
    }

    static func json(_ documents: [SourceDocument]) -> String {
        let docs = documents.map { d in
            let speakers = d.speakers.map(string).joined(separator: ",")
            let turns = d.mergedTurns.map { t in
                "{\"speaker\":\(t.speaker.map(string) ?? "null"),\"text\":\(string(t.text)),"
                    + "\"start\":\(number(t.start)),\"end\":\(number(t.end))}"
            }.joined(separator: ",")
            return "{\"id\":\(string(d.id)),\"format\":\(string(d.format)),\"encoding\":\(string(d.encoding)),"
                + "\"speakers\":[\(speakers)],\"turns\":[\(turns)]}"
        }
        return "{\"documents\":[\(docs.joined(separator: ","))]}"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return value.description
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
