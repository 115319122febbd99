import CmocModel
import Crypto
import Foundation

/// "Nothing changed": a run whose inputs (every transcript's bytes, the pipeline, registry,
/// manifest, codebook, CMOC definitions, key and cmoc version) are exactly those of the last
/// complete run, and whose outputs are all still there, does nothing but say so.
struct UpToDate: Codable, Sendable {
    var fingerprint: String
    /// Output path -> size and modification time, as the last run left it.
    var outputs: [String: FileStamp]
    var documents: Int
    var bytes: Int
    var failures: [Diagnostic]
    var warnings: [Diagnostic]
    var sites: [String]

    static func url(_ cache: DocumentCache) -> URL { cache.folder.appendingPathComponent("last-run.json") }

    static func load(_ cache: DocumentCache) -> UpToDate? {
        FileManager.default.contents(atPath: url(cache).path).flatMap { try? JSONDecoder().decode(UpToDate.self, from: $0) }
    }

    func save(_ cache: DocumentCache) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: Self.url(cache), options: .atomic)
    }

    /// A file's size and status-change time (nanoseconds): an output edited since, even in place at
    /// the same size and with its modification time put back (`touch -r`), has another stamp.
    struct FileStamp: Codable, Sendable, Hashable {
        var size: Int
        var changed: Int
    }

    /// Whether every output the last run wrote is still there, as it was left.
    func intact(in output: URL) -> Bool {
        for (path, stamp) in outputs where Self.stamp(of: output.appendingPathComponent(path).path) != stamp {
            return false
        }
        return !outputs.isEmpty
    }

    /// Stamps of the files a run wrote (`paths`, relative to `output`); a file that is not there is left out.
    static func stamps(of paths: [String], in output: URL) -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        result.reserveCapacity(paths.count)
        // Paths joined as strings: `URL` building per file costs more than the `stat`.
        let folder = output.path.hasSuffix("/") ? output.path : output.path + "/"
        for path in paths {
            if let stamp = stamp(of: folder + path) { result[path] = stamp }
        }
        return result
    }

    /// The stamp of a regular file, nil when there is none (one `stat`, no Foundation attributes).
    static func stamp(of path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(
            size: Int(info.st_size), changed: Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))
    }
}

extension PipelineRunner {
    /// Every transcript's SHA-256 (or "missing"), read in parallel.
    func documentHashes(_ inputs: Inputs) async -> [String] {
        await Self.parallelMap(inputs.manifest.documents, jobs: options.jobs) { source in
            InputFile.read(source.url.path).map(Self.sha256) ?? "missing"
        }
    }

    /// Hash of everything a run's outputs depend on.
    func fingerprint(inputs: Inputs, documentHashes: [String], keyState: String) -> String {
        var parts = [cmocVersion, keyState, String(config.evidence.window), String(config.evidence.quotesPerCell)]
        parts += inputs.hashes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        parts += zip(inputs.manifest.documents, documentHashes).map { "\($0.entry.id)=\($1)" }
        return DocumentCache.key(parts)
    }
}
