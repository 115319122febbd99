import CmocModel
import CmocPseudonymise
import Foundation

/// Cluster runs: `cmoc run --shard i/N` does the expensive part (reading, ingest, detection) for a
/// deterministic share of the corpus; `cmoc merge` numbers pseudonyms in manifest order and does the
/// rest exactly as a single run would, so the merged outputs equal a single run's byte for byte
/// (whichever shard met a person first, they get the pseudonym a single run gives them).
///
/// A shard folder holds transcripts as read, before pseudonymisation: it is as sensitive as the
/// key. It is written with mode 0700/0600, never inside an output folder, and should live beside
/// the key on the cluster's protected storage; delete it after the merge.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `i/N` with 1 ≤ i ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            return nil
        }
        index = i
        count = n
    }

    /// Document `position` (0-based, manifest order) belongs to this shard.
    public func contains(_ position: Int) -> Bool { position % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}

/// One document as a shard leaves it.
struct PartialDocument: Codable, Sendable {
    var id: String
    var sha256: String
    var bytes: Int
    var segmentKey: String
    var document: SourceDocument?
    var detections: DocumentDetections?
    var failure: Diagnostic?
}

/// What identifies a shard's inputs, so a merge refuses parts made from other inputs.
struct ShardHeader: Codable, Sendable, Equatable {
    var cmocVersion: String
    var shard: String
    var inputs: [String: String]
    var documents: [String]
    /// Each document's SHA-256 as the shard read it ("missing" when it could not); nil in shards
    /// from before it was recorded, which the merge takes as stale.
    var documentHashes: [String: String]?
}

/// Shard folders opened for a merge.
struct PartialResults: Sendable {
    /// Document id -> the file holding it.
    var files: [String: URL]

    func work(for source: Manifest.Document) -> PipelineRunner.Work {
        var work = PipelineRunner.Work(source: source)
        guard let url = files[source.entry.id], let data = FileManager.default.contents(atPath: url.path),
            let part = try? JSONDecoder().decode(PartialDocument.self, from: data)
        else {
            work.failure = Diagnostic(
                .error, stage: "merge", at: SourceLocation(file: source.entry.id), "the shard result cannot be read",
                hint: "re-run the shard that holds this document")
            return work
        }
        work.sha256 = part.sha256
        work.bytes = part.bytes
        work.segmentKey = part.segmentKey
        work.document = part.document
        work.detections = part.detections
        work.failure = part.failure
        return work
    }
}

extension PipelineRunner {
    static let shardHeaderName = "shard.json"

    /// Runs phase 1 for this shard's documents into `folder` (created 0700; files 0600).
    public func runShard(_ shard: ShardSpec, into folder: URL) async throws(DiagnosticError) -> (documents: Int, failures: [Diagnostic]) {
        let inputs = try loadInputs()
        let output = options.outputDirectory ?? config.outputDirectory
        if OutputFolder.contains(output, folder) || OutputFolder.contains(folder, output)
            || OutputFolder.contains(config.corpusRoot, folder) || OutputFolder.contains(folder, config.corpusRoot)
        {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "shard", at: SourceLocation(file: folder.path),
                    "the shard folder overlaps the output or corpus folder",
                    hint: "shard results hold text before pseudonymisation: keep them beside the key, not the outputs"))
        }
        let fm = FileManager.default
        if let items = try? fm.contentsOfDirectory(atPath: folder.path), !items.isEmpty,
            !items.contains(Self.shardHeaderName)
        {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "shard", at: SourceLocation(file: folder.path),
                    "the shard folder is not empty and was not written by cmoc", hint: "choose a new folder"))
        }
        let mine = inputs.manifest.documents.enumerated().filter { shard.contains($0.offset) }.map(\.element)
        do {
            // A folder of our own from an earlier try: remove only what a shard writes.
            try? fm.removeItem(at: folder.appendingPathComponent(Self.shardHeaderName))
            if let old = try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent("docs").path) {
                for name in old where name.hasSuffix(".cache") {
                    try? fm.removeItem(at: folder.appendingPathComponent("docs/\(name)"))
                }
            }
            try fm.createDirectory(
                at: folder.appendingPathComponent("docs"), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        } catch {
            throw Self.asDiagnostics(error, stage: "shard")
        }
        let cache = DocumentCache(output: folder)
        var failures: [Diagnostic] = []
        var hashes: [String: String] = [:]
        for start in stride(from: 0, to: mine.count, by: max(8, options.jobs * 4)) {
            let slice = Array(mine[start..<min(start + max(8, options.jobs * 4), mine.count)])
            let prepared = await Self.parallelMap(slice, jobs: options.jobs) {
                self.prepare($0, inputs: inputs, cache: nil, cacheValid: false)
            }
            for work in prepared {
                if let failure = work.failure { failures.append(failure) }
                hashes[work.source.entry.id] = work.sha256.isEmpty ? "missing" : work.sha256
                let part = PartialDocument(
                    id: work.source.entry.id, sha256: work.sha256, bytes: work.bytes, segmentKey: work.segmentKey,
                    document: work.document, detections: work.detections, failure: work.failure)
                try Self.writeProtected(
                    try Self.encode(part), to: cache.url(for: work.source.entry.id))
            }
        }
        let header = ShardHeader(
            cmocVersion: cmocVersion, shard: shard.description, inputs: inputs.hashes,
            documents: mine.map(\.entry.id), documentHashes: hashes)
        try Self.writeProtected(try Self.encode(header), to: folder.appendingPathComponent(Self.shardHeaderName))
        return (mine.count, failures)
    }

    /// Combines shard folders into the outputs of a single run.
    public func merge(_ folders: [URL]) async throws(DiagnosticError) -> Summary {
        let inputs = try loadInputs()
        var files: [String: URL] = [:]
        var problems: [Diagnostic] = []
        var shardsSeen = Set<String>()
        var shardCount: Int?
        var madeFrom: [String: (shard: String, hash: String)] = [:]
        let output = options.outputDirectory ?? config.outputDirectory
        for folder in folders where OutputFolder.contains(output, folder) || OutputFolder.contains(folder, output) {
            // Outputs are shared; shard folders hold text before pseudonymisation.
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "merge", at: SourceLocation(file: folder.path),
                    "the output folder overlaps this shard folder",
                    hint: "write the merged outputs elsewhere (-o): shard folders hold text before pseudonymisation"))
        }
        for folder in folders {
            let headerURL = folder.appendingPathComponent(Self.shardHeaderName)
            guard let data = FileManager.default.contents(atPath: headerURL.path),
                let header = try? JSONDecoder().decode(ShardHeader.self, from: data)
            else {
                problems.append(
                    Diagnostic(
                        .error, stage: "merge", at: SourceLocation(file: folder.path), "not a cmoc shard folder",
                        hint: "give the folders written by `cmoc run --shard i/N --shard-dir DIR`"))
                continue
            }
            guard shardsSeen.insert(header.shard).inserted else {
                problems.append(
                    Diagnostic(
                        .error, stage: "merge", at: SourceLocation(file: headerURL.path),
                        "shard \(header.shard) is given twice", hint: "give each shard folder once"))
                continue
            }
            shardCount = shardCount ?? ShardSpec(header.shard)?.count
            // Shards read and detect; coding and evidence happen at the merge, so a codebook or CMOC
            // edit does not make them stale.
            let changed = Self.shardInputs(header.inputs, differFrom: inputs.hashes)
            if !changed.isEmpty || header.cmocVersion != cmocVersion {
                let what = header.cmocVersion != cmocVersion ? ["cmoc version"] + changed : changed
                problems.append(
                    Diagnostic(
                        .error, stage: "merge", at: SourceLocation(file: headerURL.path),
                        "shard \(header.shard) was made from other inputs (changed since: \(what.joined(separator: ", ")))",
                        hint: "re-run every shard with the files as they are now"))
            }
            if let hashes = header.documentHashes {
                for (id, hash) in hashes { madeFrom[id] = (header.shard, hash) }
            } else {
                problems.append(
                    Diagnostic(
                        .error, stage: "merge", at: SourceLocation(file: headerURL.path),
                        "shard \(header.shard) was made by an older cmoc that did not record its transcripts' hashes",
                        hint: "re-run every shard with this cmoc"))
            }
            let cache = DocumentCache(output: folder)
            for id in header.documents {
                if files[id] != nil {
                    problems.append(
                        Diagnostic(
                            .error, stage: "merge", at: SourceLocation(file: headerURL.path),
                            "document \(id) is in two shards", hint: "give each shard once"))
                }
                files[id] = cache.url(for: id)
            }
        }
        let missing = inputs.manifest.documents.map(\.entry.id).filter { files[$0] == nil }
        if !missing.isEmpty {
            let absent = shardCount.map { n in (1...max(1, n)).map { "\($0)/\(n)" }.filter { !shardsSeen.contains($0) } } ?? []
            let which = absent.isEmpty ? "" : "shard\(absent.count == 1 ? "" : "s") \(absent.joined(separator: ", ")) missing: "
            problems.append(
                Diagnostic(
                    .error, stage: "merge", at: nil,
                    "\(which)\(missing.count) document(s) are in no shard (first: \(missing[0]))",
                    hint: "give every shard folder, 1/N to N/N"))
        }
        // A transcript edited (or removed) since its shard read it: the shard's text is stale.
        var changedByShard: [String: [String]] = [:]
        for (source, now) in zip(inputs.manifest.documents, await documentHashes(inputs)) {
            if let made = madeFrom[source.entry.id], made.hash != now { changedByShard[made.shard, default: []].append(source.entry.id) }
        }
        for (shard, ids) in changedByShard.sorted(by: { $0.key < $1.key }) {
            let shown = ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? " and \(ids.count - 3) more" : "")
            problems.append(
                Diagnostic(
                    .error, stage: "merge", at: nil,
                    "shard \(shard) was made from other inputs (changed since: transcript\(ids.count == 1 ? "" : "s") \(shown))",
                    hint: "re-run every shard with the files as they are now"))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return try await execute(inputs: inputs, partials: PartialResults(files: files))
    }

    /// The inputs a shard depends on (all but the codebook and CMOC definitions) that differ, by name.
    static func shardInputs(_ made: [String: String], differFrom now: [String: String]) -> [String] {
        let ignored: Set<String> = ["codebook", "cmocs"]
        return Set(made.keys).union(now.keys).subtracting(ignored).filter { made[$0] != now[$0] }.sorted()
    }

    static func encode<T: Encodable>(_ value: T) throws(DiagnosticError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return try encoder.encode(value) } catch { throw asDiagnostics(error, stage: "shard") }
    }

    /// Writes a file readable by its owner only, created so from the start (as the key is).
    static func writeProtected(_ data: Data, to url: URL) throws(DiagnosticError) {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw asDiagnostics(error, stage: "shard")
        }
        if let reason = ProtectedFile.write(data, to: url) {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "shard", at: SourceLocation(file: url.path), "cannot write the shard file: \(reason)"))
        }
    }
}
