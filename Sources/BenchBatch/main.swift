import CmocPipeline
import Foundation

/// Batch benchmark: generates a deterministic synthetic corpus in mixed formats and prints
/// per-stage and end-to-end throughput, peak memory, the 1 -> 2 jobs speed-up, the cost of a
/// no-change re-run, and time against corpus size.
///
///     swift build -c release --product cmoc-bench-batch
///     .build/release/cmoc-bench-batch                 # 10 and 100 MB points
///     .build/release/cmoc-bench-batch --sizes 10,100,1000
///     .build/release/cmoc-bench-batch --plain          # plain-text transcripts only
///
/// Each measured run is a child process (this program with `--single`), so peak memory is that run's.
///
/// Old outputs are moved aside and deleted only when the benchmark ends: on an ext4 file system
/// without a journal (as on this machine), creating files within minutes of deleting thousands is
/// several times slower (the allocator skips recently deleted inodes: 4,000 files took 0.25 s on a
/// quiet file system, 1.4-2.1 s straight after deleting 4,000), which would time the kernel, not cmoc.
///
/// Each cold run starts after `sync()`: the corpus just generated and the earlier runs' outputs
/// (gigabytes at the 1 GB point) are on disk first, so their write-back is not billed to the run
/// that follows. A run's own write-back, as far as the kernel starts it during the run, is.
let arguments = CommandLine.arguments
let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func value(_ flag: String) -> String? {
    guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let usage = """
    usage: cmoc-bench-batch [--sizes 10,100,1000] [--plain] [--work FOLDER]

    Generates deterministic synthetic corpora of the given sizes (MB; default 10,100) in
    FOLDER/cmoc-bench-batch (default: the temporary folder, e.g. /tmp/cmoc-bench-batch), runs cmoc
    on each with 1 and 2 jobs, and prints throughput per stage and end to end, peak memory, the
    1 -> 2 jobs speed-up, a no-change re-run and time against size.
      --plain   plain-text transcripts only (default: a mix of plain text, TEI and WebVTT)
      --work    where corpora and outputs go; the corpora stay there for the next run (about
                3 GB of disk per 1 GB point while it runs, 1 GB after); outputs are deleted
                when the benchmark ends
    """
// Anything not understood stops here, with the usage, rather than starting a long benchmark.
if !arguments.contains("--single") {
    let known: Set<String> = ["--sizes", "--plain", "--work"]
    var index = 1
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--help" || argument == "-h" {
            print(usage)
            exit(0)
        }
        guard known.contains(argument) else {
            FileHandle.standardError.write(Data("cmoc-bench-batch: unknown argument '\(argument)'\n\n\(usage)\n".utf8))
            exit(64)
        }
        index += argument == "--plain" ? 1 : 2
    }
    if let sizes = value("--sizes"), sizes.split(separator: ",").contains(where: { (Int($0) ?? 0) <= 0 }) {
        FileHandle.standardError.write(Data("cmoc-bench-batch: --sizes takes MB counts such as 10,100,1000\n".utf8))
        exit(64)
    }
}

/// Peak resident set size of this process, in MB (Linux).
func peakMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

struct RunResult: Codable {
    var wall: Double
    var bytes: Int
    var documents: Int
    var cached: Int
    var peakMB: Double
    var stages: [String: Double]
}

if arguments.contains("--single") {
    // Child mode: one run, JSON on stdout.
    guard let pipeline = value("--pipeline"), let out = value("--out"), let key = value("--key"),
        let jobs = value("--jobs").flatMap(Int.init)
    else { exit(2) }
    let config = try PipelineConfig.load(path: pipeline)
    let summary = try await PipelineRunner(
        config: config,
        options: .init(
            outputDirectory: URL(fileURLWithPath: out), keyFile: URL(fileURLWithPath: key), jobs: jobs)
    ).run()
    let result = RunResult(
        wall: summary.wallSeconds, bytes: summary.bytes, documents: summary.documents, cached: summary.cachedDocuments,
        peakMB: peakMB(), stages: summary.timings.seconds)
    FileHandle.standardOutput.write(try JSONEncoder().encode(result))
    exit(summary.failures.isEmpty ? 0 : 1)
}

func child(pipeline: URL, out: URL, key: URL, jobs: Int) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = [
        "--single", "--pipeline", pipeline.path, "--out", out.path, "--key", key.path, "--jobs", String(jobs),
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try JSONDecoder().decode(RunResult.self, from: data)
}

func mbps(_ bytes: Int, _ seconds: Double) -> String {
    seconds > 0 ? String(format: "%7.1f MB/s", Double(bytes) / 1e6 / seconds) : "      - MB/s"
}

let sizes = (value("--sizes") ?? "10,100").split(separator: ",").compactMap { Int($0) }
let plain = arguments.contains("--plain")
let work = URL(fileURLWithPath: value("--work") ?? NSTemporaryDirectory()).appendingPathComponent("cmoc-bench-batch")
print(
    "cmoc batch benchmark: synthetic corpora of \(sizes.map { "\($0) MB" }.joined(separator: ", ")), \(plain ? "plain text only" : "mixed formats (txt, TEI, WebVTT)")"
)
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
var points: [(Int, Double)] = []
/// Where old outputs wait until the end (see above).
let trash = work.appendingPathComponent("trash-\(ProcessInfo.processInfo.processIdentifier)")
func clear(_ url: URL) {
    guard FileManager.default.fileExists(atPath: url.path) else { return }
    try? FileManager.default.createDirectory(at: trash, withIntermediateDirectories: true)
    try? FileManager.default.moveItem(at: url, to: trash.appendingPathComponent(UUID().uuidString))
}
for size in sizes {
    let root = work.appendingPathComponent("corpus-\(size)\(plain ? "-plain" : "")")
    let documents = max(20, size * 20)  // about 50 kB per transcript
    var corpus = SyntheticCorpus(root: root, documents: documents, targetBytes: size * 1_000_000)
    if plain { corpus.formats = ["txt"] }
    let bytes = try corpus.write(
        codebook: repo.appendingPathComponent("pipelines/codebooks/npt.yml"),
        cmocs: repo.appendingPathComponent("pipelines/cmocs/link-worker.yml"))
    let pipeline = root.appendingPathComponent("pipeline.yml")
    print("\n== \(documents) transcripts, \(String(format: "%.1f", Double(bytes) / 1e6)) MB")
    var byJobs: [Int: RunResult] = [:]
    for jobs in [1, 2] {
        let out = work.appendingPathComponent("out-\(size)-\(jobs)\(plain ? "-plain" : "")")
        let key = work.appendingPathComponent("keys-\(size)-\(jobs)\(plain ? "-plain" : "")/k.json")
        clear(out)
        clear(key.deletingLastPathComponent())
        sync()
        let cold = try child(pipeline: pipeline, out: out, key: key, jobs: jobs)
        byJobs[jobs] = cold
        print(
            "jobs \(jobs): end to end \(mbps(cold.bytes, cold.wall)) (\(String(format: "%.2f", cold.wall)) s), peak \(String(format: "%.0f", cold.peakMB)) MB"
        )
        if jobs == 2 {
            print("  stages of that 2-job cold run (per-document stages summed over documents; render and leak guard as they took, overlapping):")
            for stage in ["ingest", "pseudonymise", "segment", "code", "evidence", "render", "reports", "cache", "leak guard"] {
                let s = cold.stages[stage] ?? 0
                print("    \(stage.padding(toLength: 13, withPad: " ", startingAt: 0)) \(mbps(cold.bytes, s)) per core (\(String(format: "%.2f", s)) core-s)")
            }
            let warm = try child(pipeline: pipeline, out: out, key: key, jobs: jobs)
            print(
                "  no-change re-run: \(String(format: "%.0f", warm.wall * 1000)) ms = \(String(format: "%.1f", 100 * warm.wall / cold.wall))% of the cold run's \(String(format: "%.0f", cold.wall * 1000)) ms (\(warm.cached)/\(warm.documents) documents from the cache), peak \(String(format: "%.0f", warm.peakMB)) MB"
            )
            points.append((size, cold.wall))
        }
    }
    if let one = byJobs[1], let two = byJobs[2] {
        print("  speed-up 1 -> 2 jobs: \(String(format: "%.2f", one.wall / two.wall))x")
    }
}
if points.count > 1 {
    print("\ntime against size (2 jobs):")
    for (size, wall) in points {
        print("  \(size) MB: \(String(format: "%.2f", wall)) s (\(String(format: "%.3f", wall / Double(size))) s per MB)")
    }
}
try? FileManager.default.removeItem(at: trash)
