// cmoc-bench-evidence: times the evidence stage's per-document work (`EvidenceBuilder.prepare`)
// and the in-order part (`add`, `finish`) on one core, on the synthetic batch corpus's transcripts
// (plain text, ~50 kB each) coded with the shipped codebook and CMOCs, and prints a digest of the
// report so that a change can be shown to leave the output byte-identical. Then it times rendering
// (`Reports.writeEach` of a report whose rows were spilled to a file, as the pipeline does:
// segments.csv, presence.csv, matrices, summaries, into a temporary folder) and prints a digest of
// every written file.
//
//   swift build -c release --product cmoc-bench-evidence && .build/release/cmoc-bench-evidence
//   .build/release/cmoc-bench-evidence --documents 400     # a smaller corpus
//
// MB/s: 10^6 bytes of turn text per CPU second of this process (other helpers share the cores, so
// wall time would say little), best of 3 runs, one core.
import BenchSupport
import CmocCoding
import CmocEvidence
import CmocModel
import CmocReports
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

/// CPU seconds (user + system) this process spends in `body`.
func cpuSeconds<T>(_ body: () throws -> T) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let start = now()
    _ = try body()
    return now() - start
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
    var prepared: [EvidenceBuilder.PreparedDocument] = []
    prepared.reserveCapacity(documents.count)
    let preparer = builder.preparer
    bestPrepare = min(bestPrepare, cpuSeconds { for document in documents { prepared.append(preparer.prepare(document)) } })
    bestAdd = min(bestAdd, cpuSeconds { for document in prepared { builder.add(document) } })
    prepared = []
    bestFinish = min(bestFinish, cpuSeconds { report = builder.finish() })
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

// Rendering, as the pipeline does it: rows spilled to a file, every report written into a folder.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-bench-evidence-\(UUID().uuidString)")
let spill = scratch.appendingPathComponent("rows.bin")
let output = scratch.appendingPathComponent("reports")
do {
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    var builder = EvidenceBuilder(cmocs: cmocs, codes: codes, sites: sites, spillFile: spill)
    let preparer = builder.preparer
    let prepared = documents.map { preparer.prepare($0) }
    // `add` as the pipeline runs it: each document's rows appended to the spill file.
    let addSpilled = cpuSeconds { for document in prepared { builder.add(document) } }
    print("add, rows spilled to a file: \(rate(addSpilled)) (one run)")
    let spilled = builder.finish()
    let context = ReportContext(
        codebookVersion: codebook.version, codebookHash: "bench",
        allRuleIDs: codebook.codes.flatMap { code in code.rules.map { $0.id(in: code.id) } })
    var bestRender = Double.infinity
    var written: [String] = []
    for _ in 0..<3 {
            bestRender = min(bestRender, try cpuSeconds { written = try Reports.writeEach(spilled, context: context, to: output) })
    }
    var all: [UInt8] = []
    var total = 0
    var parts: [String] = []
    for path in written.sorted() {
        let bytes = [UInt8](try Data(contentsOf: output.appendingPathComponent(path)))
        total += bytes.count
        all += Array(path.utf8) + [0] + bytes
        if path == "segments.csv" || path == "presence.csv" { parts.append("\(path) \(digest(bytes))") }
    }
    print("render:  \(rate(bestRender)) (writeEach, one job)")
    print("render digest: \(digest(all)) (\(written.count) files, \(total) bytes; \(parts.joined(separator: ", ")))")
} catch {
    print("render: failed: \(error)")
}
try? FileManager.default.removeItem(at: scratch)
