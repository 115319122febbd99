import ArgumentParser
import CmocModel
import CmocPseudonymise
import Foundation

/// `cmoc pseudonymise FILE...`: replaces names and direct identifiers in UTF-8 text files and prints
/// the result (pseudonyms numbered within the call; no key is written).
struct PseudonymiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudonymise",
        abstract: "Replace names and identifiers in text files with typed pseudonyms (stdout only; no key written).",
        discussion: """
            Participants become their registry id; other names become [PERSON-n], [PLACE-n], [ORG-n];
            direct identifiers become [EMAIL], [URL], [PHONE], [NHS-NUMBER], [POSTCODE], [NI-NUMBER], [DATE],
            [ADDRESS]. With --json, prints one JSON object per input, one per line:
            {"id","text","spans":[{"start","end","kind","replacement"}]}, with start/end as Unicode code-point
            offsets into the input text as decoded. Ids are input-1, input-2… in argument order (never file
            names). A file that cannot be read is reported on stderr, the others are still printed, and the exit
            status is 1.
            """)

    @Argument(help: "UTF-8 text files to pseudonymise.")
    var files: [String]

    @Option(help: "Participant registry CSV: id,name,aliases,role,site (aliases ';'-separated).")
    var registry: String?

    @Option(help: "Sites CSV: id,name,… (practice names are replaced as organisations).")
    var sites: String?

    @Option(help: "Places list: one town, street or organisation per line.")
    var places: String?

    @Flag(help: "Do not match a participant's first name or surname alone.")
    var noPartialNames = false

    @Flag(help: "Only registry names and direct identifiers (no third-party name detection).")
    var noThirdParty = false

    @Flag(help: "Print JSON instead of the pseudonymised texts.")
    var json = false

    enum Output {
        struct Span: Encodable {
            var start: Int
            var end: Int
            var kind: String
            var replacement: String
        }
        struct Document: Encodable {
            var id: String
            var text: String
            var spans: [Span]
        }
    }

    func run() async throws {
        do {
            var placeList: [String] = []
            if let places {
                guard let text = try? String(contentsOfFile: places, encoding: .utf8) else {
                    throw PseudonymiseError.fileUnreadable(path: places, reason: "not a UTF-8 text file").error
                }
                placeList = text.split(whereSeparator: \.isNewline).map(String.init)
            }
            var table = Registry(places: placeList)
            if let registry {
                table = try Registry.load(
                    participants: URL(fileURLWithPath: registry), sites: sites.map { URL(fileURLWithPath: $0) },
                    places: placeList)
            } else if sites != nil {
                throw PseudonymiseError.invalidOption("--sites needs --registry").error
            }
            var options = PseudonymiserOptions()
            options.partialNames = !noPartialNames
            options.thirdParty = !noThirdParty
            let pseudonymiser = try Pseudonymiser(registry: table, options: options)

            // Unreadable inputs are reported and skipped; the others are still pseudonymised.
            var inputs: [(id: String, text: String)] = []
            var failed = false
            for (index, file) in files.enumerated() {
                let id = "input-\(index + 1)"
                guard let data = FileManager.default.contents(atPath: file) else {
                    Console.report(PseudonymiseError.fileUnreadable(path: file, reason: "no such file or not readable").error.diagnostics)
                    failed = true
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    Console.report(PseudonymiseError.fileUnreadable(path: file, reason: "not UTF-8 text; convert it first").error.diagnostics)
                    failed = true
                    continue
                }
                inputs.append((id, text))
            }
            // Detect, then number in input order, then apply: the same order the pipeline uses.
            let found = inputs.map { pseudonymiser.detect($0.text) }
            var key = PseudonymKey()
            for (input, detections) in zip(inputs, found) { key.assign(detections, documentID: input.id) }

            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for (input, detections) in zip(inputs, found) {
                let replaced = pseudonymise(text: input.text, detections: detections, key: key)
                if json {
                    let offsets = CodePointOffsets(input.text)
                    let spans = detections.map {
                        Output.Span(
                            start: offsets.codePoint(atByte: $0.span.start), end: offsets.codePoint(atByte: $0.span.end),
                            kind: $0.kind.rawValue, replacement: key.replacement(for: $0))
                    }
                    let data = try encoder.encode(Output.Document(id: input.id, text: replaced, spans: spans))
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    if files.count > 1 { print("== \(input.id)") }
                    print(replaced, terminator: replaced.hasSuffix("\n") ? "" : "\n")
                }
            }
            if failed { throw ExitCode(1) }
        } catch let error as DiagnosticError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}
