// cmoc-bench-ingest: measures `Ingest.read` throughput per format on deterministic synthetic
// transcripts (the batch benchmark's mix: plain text 60%, TEI 20%, WebVTT 20%, ~50 kB each), or
// on every file of a folder given on the command line, and prints a digest of the results so a
// faster build can be shown to read everything identically.
//
//   swift build -c release --product cmoc-bench-ingest && .build/release/cmoc-bench-ingest
//   .build/release/cmoc-bench-ingest /work/shared/data/transcripts   # a folder instead
//   .build/release/cmoc-bench-ingest --only xml                      # one group, no digest (profiling)
//
// MB/s per core: 10^6 input bytes per second of this thread's CPU time (one thread), best of
// three passes per format. The digest (FNV-1a 64) covers, per file: format, encoding, declared
// speakers, every utterance (speaker, text, start/end bit patterns) and warnings, or the error
// text. Synthetic runs also digest encoding variants of a few files (CRLF, CR, BOM, UTF-16 LE/BE,
// Windows-1252) that are not timed.
//
// Measured on the 2-core build machine (shared, best of 3 runs of the binary, each best of 3
// passes), MB/s per core, before -> after the speed-up:
//   txt 127 -> 364, vtt 91 -> 309, xml (TEI) 144 -> 193, overall 120 -> 298;
//   digest 04db1d047cdf7d80 before and after (shared data transcripts 6e8e374d0f649518, test
//   fixtures 93be225381443f9f, both unchanged).
// Plain-text reader work (self-folding runs copied whole, one-pass decoding scan, memchr line
// splitting, lines classified as split and built once, labels numbered without hashing): txt
// 360 -> 740 (`--only txt`, best of 30; the whole `--only txt` process 0.51-0.54 -> 0.29-0.31
// user CPU-s); digests unchanged.
import BenchSupport
import CmocIngest
import CmocModel
import Foundation

typealias Digest = FieldDigest

extension FieldDigest {
    mutating func add(_ d: Double?) { add(String(d?.bitPattern ?? UInt64.max, radix: 16)) }
}

/// One input file: the name the reader sees, its bytes, and the group it is timed under.
struct Sample {
    var name: String
    var bytes: [UInt8]
    var group: String
}

/// Synthetic transcripts: the batch benchmark's own (`SyntheticTranscript`).
enum Synthetic {
    static let labels = ["LW", "GP", "PM", "PT"]

    static func transcript(format: String, document d: Int, bytes: Int, rng: inout SplitMix64) -> String {
        SyntheticTranscript.render(
            format: format, label: labels[d % labels.count], name: "Zorvath\(d % 8)\(d % 4)", bytes: bytes, rng: &rng)
    }

    /// The timed mix: three plain-text files in five, one TEI, one WebVTT.
    static func corpus(documents: Int, bytesEach: Int) -> [Sample] {
        var rng = SplitMix64(state: 42)
        let formats = ["txt", "txt", "txt", "xml", "vtt"]
        return (0..<documents).map { d in
            let format = formats[d % formats.count]
            let text = transcript(format: format, document: d, bytes: bytesEach, rng: &rng)
            return Sample(name: "D\(d).\(format)", bytes: Array(text.utf8), group: format)
        }
    }

    /// Encoding variants of a sample, for the digest only.
    static func variants(_ s: Sample) -> [Sample] {
        let crlf = s.bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        let cr = s.bytes.map { $0 == 0x0A ? 0x0D : $0 }
        let utf16 = Array(String(decoding: s.bytes, as: UTF8.self).utf16)
        let le = utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        // Word "Save as text": curly apostrophes in Windows-1252, and a Latin-1 letter.
        let cp1252 = s.bytes.flatMap { $0 == 0x27 ? [0x92] : $0 == 0x7E ? [0xE9] : [$0] }
        let mojibake = s.bytes.flatMap { $0 == 0x27 ? [0xC3, 0x83, 0xC2, 0xA9] : [$0] }
        let nbsp = s.bytes.flatMap { $0 == 0x2C ? [0x2C, 0xC2, 0xA0, 0x09] : [$0] }
        return [
            ("crlf", crlf), ("cr", cr), ("bom", [0xEF, 0xBB, 0xBF] + s.bytes), ("utf16le", [0xFF, 0xFE] + le),
            ("utf16be", [0xFE, 0xFF] + be), ("utf16le-nobom", le), ("cp1252", cp1252), ("mojibake", mojibake),
            ("nbsp", nbsp),
        ].map { Sample(name: "\($0.0)-\(s.name)", bytes: $0.1, group: "variant") }
    }
}

func folderSamples(_ path: String) -> [Sample] {
    let root = URL(fileURLWithPath: path)
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    var samples: [Sample] = []
    for case let url as URL in walker {
        guard let data = FileManager.default.contents(atPath: url.path), !url.hasDirectoryPath else { continue }
        let name = url.lastPathComponent
        let ext = url.pathExtension.isEmpty ? "none" : url.pathExtension.lowercased()
        samples.append(Sample(name: name, bytes: [UInt8](data), group: ext))
    }
    return samples.sorted { $0.name < $1.name }
}

func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func digest(_ samples: [Sample], into d: inout Digest) {
    for s in samples {
        d.add(s.name)
        do {
            let doc = try Ingest.read(bytes: s.bytes, displayName: s.name, id: "doc", options: IngestOptions())
            d.add(doc.format)
            d.add(doc.encoding)
            for p in doc.declaredSpeakers { d.add(p.id); d.add(p.name); d.add(p.role) }
            d.add("utterances \(doc.utterances.count)")
            for u in doc.utterances { d.add(u.speaker); d.add(u.text); d.add(u.start); d.add(u.end) }
            for w in doc.warnings { d.add(w.description) }
        } catch {
            d.add("error"); d.add(error.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
// `--only GROUP` times one group (txt, xml, vtt…) over 30 passes and skips the digest: for profiling.
var only: String?
if let k = arguments.firstIndex(of: "--only"), k + 1 < arguments.count {
    only = arguments[k + 1]
    arguments.removeSubrange(k...(k + 1))
}
var samples: [Sample]
var checked: [Sample] = []
if let folder = arguments.first {
    samples = folderSamples(folder)
} else {
    samples = Synthetic.corpus(documents: 200, bytesEach: 50_000)
    for group in ["txt", "xml", "vtt"] where only == nil {
        for s in samples.filter({ $0.group == group }).prefix(3) { checked += Synthetic.variants(s) }
    }
}

var resultDigest = Digest()
if let only {
    samples = samples.filter { $0.group == only }
} else {
    digest(samples + checked, into: &resultDigest)
}

let groups = Array(Set(samples.map(\.group))).sorted()
var totalBytes = 0
var totalSeconds = 0.0
print("format   files       MB   MB/s/core (best of 3)")
for group in groups {
    let members = samples.filter { $0.group == group }
    let bytes = members.reduce(0) { $0 + $1.bytes.count }
    var best = Double.infinity
    for _ in 0..<(only == nil ? 3 : 30) {
        let t0 = threadCPUSeconds()
        for s in members { _ = try? Ingest.read(bytes: s.bytes, displayName: s.name, id: "doc", options: IngestOptions()) }
        best = min(best, threadCPUSeconds() - t0)
    }
    totalBytes += bytes
    totalSeconds += best
    let line = [
        group.padding(toLength: 8, withPad: " ", startingAt: 0), String(members.count).leftPaddedSpaces(6),
        String(format: "%8.2f", Double(bytes) / 1e6), String(format: "%11.1f", Double(bytes) / 1e6 / best),
    ]
    print(line.joined(separator: " "))
}
print(String(format: "overall  %6d %8.2f %11.1f", samples.count, Double(totalBytes) / 1e6, Double(totalBytes) / 1e6 / totalSeconds))
if only == nil { print("digest \(resultDigest.hex) (\(samples.count + checked.count) files)") }

extension String {
    func leftPaddedSpaces(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
