// cmoc-bench-evidence: times the evidence stage's per-document work (`EvidenceBuilder.prepare`)
// and the in-order part (`add`, `finish`) on one core, on the synthetic batch corpus's transcripts
// (plain text, ~50 kB each) coded with the shipped codebook and CMOCs, and prints a digest of the
// report so that a change can be shown to leave the output byte-identical.
//
//   swift build -c release --product cmoc-bench-evidence && .build/release/cmoc-bench-evidence
//   .build/release/cmoc-bench-evidence --documents 400     # a smaller corpus
//
// MB/s: 10^6 bytes of turn text per second, best of 3 runs, one core.
import BenchSupport
import CmocCoding
import CmocEvidence
import CmocModel
import Foundation

let arguments = CommandLine.arguments
let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let documentCount = arguments.firstIndex(of: "--documents").flatMap {
    $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil
} ?? 2000

let codebook: Codebook
let codes: [CodeInfo]
let cmocs: [CMOCDefinition]
let compiled: CompiledCodebook
do {
    codebook = try Codebook.load(path: repo.appendingPathComponent("pipelines/codebooks/npt.yml").path)
    codes = codebook.codes.map { CodeInfo(id: $0.id, label: $0.label, kind: $0.kind, parent: $0.parent) }
    cmocs = try CMOCDefinitions.load(path: repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path, knownCodes: codes)
    compiled = try CompiledCodebook(codebook)
} catch {
    print("cannot load the codebook or CMOCs: \(error)")
    exit(2)
}

/// Sites as the batch corpus has them (S1…S8, attributes alternating).
let sites = (1...8).map { i in
    Site(
        id: "S\(i)", name: "Benchmark Practice \(i)",
        attributes: [
            "region": "North", "deprivation_decile": String((i - 1) % 10 + 1),
            "integration_level": i % 2 == 1 ? "full" : "partial", "list_size": "9000",
        ])
}
let speakerRoles = [("LW", "link_worker"), ("GP", "gp"), ("PM", "practice_manager"), ("PT", "patient")]

/// One plain-text transcript split into turns (`Label: text`, blank-line separated), as the
/// segmenter would give them, coded.
func document(_ number: Int) -> CodedDocument {
    var rng = SplitMix64(state: UInt64(number) &+ 1)
    let site = sites[number % sites.count]
    let (prefix, role) = speakerRoles[number / sites.count % speakerRoles.count]
    let label = "\(prefix)-\(site.id)"
    let text = SyntheticTranscript.render(format: "txt", label: label, name: "Participant", bytes: 50_000, rng: &rng)
    let id = String(format: "doc-%05d", number)
    var turns: [Turn] = []
    var offset = 0
    for block in text.split(separator: "\n\n", omittingEmptySubsequences: false) {
        let bytes = block.utf8.count
        defer { offset += bytes + 2 }
        guard let colon = block.firstIndex(of: ":") else { continue }
        let who = String(block[..<colon])
        let body = String(block[block.index(after: colon)...].dropFirst())
        let start = offset + who.utf8.count + 2
        turns.append(
            Turn(
                documentID: id, site: site.id, speaker: who == "Interviewer" ? "RES-1" : label,
                role: who == "Interviewer" ? "researcher" : role, index: turns.count, text: body,
                span: ByteSpan(start, start + body.utf8.count)))
    }
    let segmented = SegmentedDocument(
        id: id, site: site.id, dataType: "interview", format: "plaintext", text: text, turns: turns)
    return CodedDocument(document: segmented, hits: compiled.code(segmented, siteAttributes: site.attributes))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// FNV-1a, 64 bits: enough to tell two outputs apart in a benchmark.
func digest(_ bytes: some Sequence<UInt8>) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return String(hash, radix: 16)
}

let documents = (0..<documentCount).map(document)
let bytes = documents.reduce(0) { $0 + $1.document.turns.reduce(0) { $0 + $1.text.utf8.count } }
let hitCount = documents.reduce(0) { $0 + $1.hits.count }
print(
    "corpus: \(documents.count) documents, \(String(format: "%.1f", Double(bytes) / 1e6)) MB of turn text, "
        + "\(hitCount) hits, \(cmocs.count) CMOCs")

var bestPrepare = Double.infinity
var bestAdd = Double.infinity
var bestFinish = Double.infinity
var report: EvidenceReport?
for _ in 0..<3 {
    var builder = EvidenceBuilder(cmocs: cmocs, codes: codes, sites: sites)
    let clock = ContinuousClock()
    var prepared: [EvidenceBuilder.PreparedDocument] = []
    prepared.reserveCapacity(documents.count)
    let preparer = builder.preparer
    bestPrepare = min(bestPrepare, seconds(clock.measure { for document in documents { prepared.append(preparer.prepare(document)) } }))
    bestAdd = min(bestAdd, seconds(clock.measure { for document in prepared { builder.add(document) } }))
    prepared = []
    bestFinish = min(bestFinish, seconds(clock.measure { report = builder.finish() }))
}
func rate(_ seconds: Double) -> String { String(format: "%7.1f MB/s per core (%.3f s)", Double(bytes) / 1e6 / seconds, seconds) }
print("prepare: \(rate(bestPrepare))")
print("add:     \(rate(bestAdd))")
print("finish:  \(rate(bestFinish))")
print("best of 3 runs each, one core")

let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
if let report, let json = try? encoder.encode(report) {
    var rows: [UInt8] = []
    for row in report.segments { rows += Array(String(describing: row).utf8) }
    for row in report.presence { rows += Array(String(describing: row).utf8) }
    print("report digest: \(digest(json)) (\(json.count) bytes of JSON, \(report.segments.count) segment rows, \(report.presence.count) presence rows, rows digest \(digest(rows)))")
} else {
    print("report digest: cannot encode the report")
}
