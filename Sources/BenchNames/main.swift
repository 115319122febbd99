import CmocPseudonymise
import Foundation

/// `cmoc-bench-names [gum_written_names.jsonl] [--errors]`: runs the third-party detector (no
/// registry) over the names-gold file and prints person-name recall, name-span precision,
/// throughput and a digest of every detection. `--errors` also lists missed and spurious spans
/// (public gold data only). `--throughput [--mb N]` measures detection and the leak guard instead
/// (see `Throughput`).
///
/// Recall: a gold PER span is caught when any replaced span of any kind overlaps it.
/// Precision: replaced person/place/organisation spans that overlap any gold PER/LOC/ORG span.
struct GoldSpan: Decodable {
    var start: Int
    var end: Int
    var label: String
}

struct GoldDocument: Decodable {
    var id: String
    var text: String
    var spans: [GoldSpan]
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--throughput") {
    let size = arguments.firstIndex(of: "--mb").flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil }
    Throughput.run(megabytes: size ?? 50)
    exit(0)
}
let showErrors = arguments.contains("--errors")
let path = arguments.first { !$0.hasPrefix("--") } ?? "../shared/data/names-gold/gum_written_names.jsonl"
guard let data = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("cmoc-bench-names: cannot read \(path)\n".utf8))
    exit(2)
}
var documents: [GoldDocument] = []
for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
    do { documents.append(try JSONDecoder().decode(GoldDocument.self, from: Data(line))) } catch {
        FileHandle.standardError.write(Data("\(path):\(number + 1): not a names-gold record: \(error)\n".utf8))
        exit(2)
    }
}

let pseudonymiser: Pseudonymiser
do { pseudonymiser = try Pseudonymiser() } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
_ = pseudonymiser.detect("Warm up the word lists.")

// Detection, timed alone.
let clock = ContinuousClock()
var results: [[Detection]] = []
let rounds = 5
var elapsed = Duration.zero
for round in 0..<rounds {
    let started = clock.now
    let found = documents.map { pseudonymiser.detect($0.text) }
    elapsed += clock.now - started
    if round == 0 { results = found }
}
let bytes = documents.reduce(0) { $0 + $1.text.utf8.count }

var digest = Throughput.Digest()
for found in results {
    for d in found { digest.add("\(d.span.start):\(d.span.end):\(d.kind.rawValue):\(d.canonical):\(d.uncertain):\(d.reason ?? "-"):\(d.strongEvidence)") }
}

var goldPersons = 0
var caught = 0
var nameSpans = 0
var correct = 0
var missed: [String: Int] = [:]
var spurious: [String: Int] = [:]
for (document, found) in zip(documents, results) {
    let offsets = CodePointOffsets(document.text)
    let spans = found.map { (offsets.codePoint(atByte: $0.span.start), offsets.codePoint(atByte: $0.span.end), $0) }
    let scalars = Array(document.text.unicodeScalars)
    func text(_ s: Int, _ e: Int) -> String { String(String.UnicodeScalarView(scalars[s..<e])) }
    for gold in document.spans where gold.label == "PER" {
        goldPersons += 1
        if spans.contains(where: { $0.0 < gold.end && gold.start < $0.1 }) { caught += 1 } else {
            missed[text(gold.start, gold.end), default: 0] += 1
        }
    }
    for (start, end, detection) in spans where detection.kind.isName {
        nameSpans += 1
        if document.spans.contains(where: { start < $0.end && $0.start < end }) { correct += 1 } else {
            spurious[text(start, end), default: 0] += 1
        }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let throughput = Double(bytes * rounds) / seconds / 1_000_000
func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
print("documents: \(documents.count), gold person spans: \(goldPersons), name spans replaced: \(nameSpans)")
print("person recall: \(fixed(Double(caught) / Double(max(goldPersons, 1)), 3)) (target >= 0.97)")
print("name precision: \(fixed(Double(correct) / Double(max(nameSpans, 1)), 3)) (target >= 0.82)")
print("throughput: \(fixed(throughput, 1)) MB/s on one core (target >= 10)")
print("results digest: \(String(digest.value, radix: 16))")
if showErrors {
    func top(_ table: [String: Int]) -> String {
        table.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(150).map { "\($0.key)×\($0.value)" }.joined(separator: " | ")
    }
    print("missed: \(top(missed))")
    print("spurious: \(top(spurious))")
}
