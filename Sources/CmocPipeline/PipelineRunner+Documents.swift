import CmocCoding
import CmocIngest
import CmocModel
import CmocPseudonymise
import CmocSegment
import Foundation

extension PipelineRunner {
    /// One document's way through the run. Phase 1 (parallel) reads it and either finds a cache
    /// entry or ingests and detects; phase 2 (in manifest order) numbers new pseudonyms; phase 3
    /// (parallel) replaces, segments and codes what is not cached.
    struct Work: Sendable {
        var source: Manifest.Document
        var sha256 = ""
        var bytes = 0
        var segmentKey = ""
        var cached: DocumentCache.Entry?
        var document: SourceDocument?
        var detections: DocumentDetections?
        var failure: Diagnostic?
        /// Something the run should say about this document that is no ingest warning (those are cached with it).
        var warning: Diagnostic?
        var timings = StageTimings()
    }

    /// The registry id a manifest maps a label to; TEI `#p1` matches a manifest `p1`, and a label
    /// the pipeline's `speaker_aliases` renamed (`I` -> `Interviewer`) matches the manifest's
    /// name for it as written in the transcript (`I=RES-2`).
    static func participant(
        for label: String, in speakers: [String: String], aliases: [String: String] = [:]
    ) -> String? {
        if let id = speakers[label] { return id }
        if label.hasPrefix("#"), let id = speakers[String(label.dropFirst())] { return id }
        for (written, canonical) in aliases.sorted(by: { $0.key < $1.key }) where canonical == label {
            if let id = speakers[written] { return id }
        }
        return nil
    }


    func ingestOptions(for entry: ManifestEntry) -> IngestOptions {
        var options = IngestOptions()
        if let format = entry.format ?? config.ingest.format { options.format = TranscriptFormat(rawValue: format) }
        options.labelPattern = config.ingest.labelPattern
        options.speakerAliases = config.ingest.speakerAliases
        if let mapping = config.ingest.xmlMapping, let turn = mapping["turn"] {
            options.xmlMapping = XMLMapping(
                turn: turn, speaker: mapping["speaker"], text: mapping["text"] ?? ".", start: mapping["start"],
                end: mapping["end"], namespaces: config.ingest.xmlNamespaces)
        }
        options.limits.maxBytes = config.ingest.maxFileBytes
        return options
    }

    /// What a document's pseudonymised, segmented form depends on, besides the key.
    func segmentKey(_ source: Manifest.Document, sha256: String, inputs: Inputs) -> String {
        let entry = source.entry
        let speakers = source.speakers.isEmpty ? ""
            : source.speakers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        return DocumentCache.key(
            [cmocVersion, sha256, entry.id, entry.site, entry.dataType, entry.format ?? "", speakers]
                + inputs.segmentSettings)
    }

    /// The run's settings a segment key depends on, after the document's own parts.
    func segmentSettings(hashes: [String: String]) -> [String] {
        [
            config.ingest.format ?? "", config.ingest.labelPattern ?? "",
            config.ingest.speakerAliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: ";"),
            config.ingest.xmlMapping?.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: ";") ?? "",
            String(config.ingest.maxFileBytes), hashes["participants"] ?? "", hashes["sites"] ?? "",
            config.places.joined(separator: "\n"), String(config.pseudonymise.partialNames),
            String(config.pseudonymise.thirdParty),
        ]
    }

    /// Phase 1 for one document: read bytes, reuse a cache entry or ingest, map labels to registry
    /// ids, and detect identifiers.
    func prepare(
        _ source: Manifest.Document, inputs: Inputs, cache: DocumentCache?, cacheValid: Bool
    ) -> Work {
        let entry = source.entry
        let ext = source.url.pathExtension.isEmpty ? "" : "." + source.url.pathExtension
        let displayName = entry.id + ext
        var work = Work(source: source)
        let clock = ContinuousClock()
        let started = clock.now
        guard let data = InputFile.read(source.url.path) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: source.url.path, isDirectory: &isFolder)
            let what = !exists ? "does not exist" : isFolder.boolValue ? "is a folder, not a file" : "cannot be read"
            work.failure = Diagnostic(
                .error, stage: "ingest", at: SourceLocation(file: displayName),
                "the file listed for this document \(what) (documents.csv line \(source.line))",
                hint: "check the 'file' column on that line (paths are relative to the corpus root) and the file's "
                    + "permissions; the document is shown by its id, not its file name, which may hold a name")
            return work
        }
        work.sha256 = Self.sha256(data)
        work.bytes = data.count
        work.segmentKey = segmentKey(source, sha256: work.sha256, inputs: inputs)
        if options.reportOnly {
            // Only entries made with this very key: a run that stopped half-way may have cached
            // pseudonyms that were never saved.
            if cacheValid, let hit = cache?.load(entry.id), hit.codebookHash == inputs.hashes["codebook"] ?? "" {
                work.cached = hit
            } else {
                work.failure = Diagnostic(
                    .error, stage: "reports", at: SourceLocation(file: displayName),
                    "this document has no cached results made with this key and codebook",
                    hint: "run `\(runCommand(output: options.outputDirectory ?? config.outputDirectory))` first; `cmoc report` only re-renders what a complete run cached")
            }
            return work
        }
        if cacheValid, let cache {
            switch cache.lookup(entry.id) {
            case .entry(let hit) where hit.segmentKey == work.segmentKey:
                work.cached = hit
                work.timings.add("cache", clock.now - started)
                return work
            case .textEdited(let segmentKey) where segmentKey == work.segmentKey:
                work.warning = Diagnostic(
                    .warning, stage: "cache", at: SourceLocation(file: "transcripts/\(entry.id).txt"),
                    "this pseudonymised transcript was edited after the last run; it is made again from the corpus file, and the edit is not kept",
                    hint: "edit the transcript in the corpus (documents.csv line \(source.line)), not the output")
            default:
                break
            }
        }
        do {
            var document = try Ingest.read(
                bytes: data, displayName: displayName, id: entry.id, options: ingestOptions(for: entry))
            for i in document.utterances.indices {
                if let label = document.utterances[i].speaker,
                    let id = Self.participant(for: label, in: source.speakers, aliases: config.ingest.speakerAliases)
                {
                    document.utterances[i].speaker = id
                }
            }
            let ingested = clock.now
            work.timings.add("ingest", ingested - started)
            work.detections = inputs.pseudonymiser.detect(document: document)
            work.timings.add("pseudonymise", clock.now - ingested)
            work.document = document
        } catch {
            var failure = error.diagnostics.first(where: { $0.severity == .error }) ?? error.diagnostics.first
            // The name shown is the document id (the real file name may hold a name): say where it is listed.
            let listed = "document \(entry.id) is listed on line \(source.line) of \(Self.display(config.manifest))"
            let hint = [failure?.hint, listed].compactMap { $0 }.joined(separator: "; ")
            failure?.hint = hint
            work.failure = failure
        }
        return work
    }

    /// Phase 3 for one document: replace, segment and code (or re-code a cached document).
    func finish(
        _ work: Work, inputs: Inputs, key: PseudonymKey, roles: [String: String],
        siteAttributes: [String: [String: String]], codebookHash: String
    ) -> (DocumentCache.Entry?, StageTimings) {
        var timings = work.timings
        let clock = ContinuousClock()
        if var entry = work.cached {
            if entry.codebookHash != codebookHash && !options.reportOnly {
                let start = clock.now
                entry.hits = inputs.compiled.code(
                    entry.document, siteAttributes: siteAttributes[entry.document.site] ?? [:])
                entry.codebookHash = codebookHash
                timings.add("code", clock.now - start)
            }
            return (entry, timings)
        }
        guard let document = work.document, let detections = work.detections else { return (nil, timings) }
        let start = clock.now
        let pseudonymised = pseudonymise(document: document, detections: detections, key: key)
        let replaced = clock.now
        let segmented = Segmenter.segment(pseudonymised.document, entry: work.source.entry, roles: roles)
        let cut = clock.now
        let hits = inputs.compiled.code(segmented, siteAttributes: siteAttributes[segmented.site] ?? [:])
        timings.add("pseudonymise", replaced - start)
        timings.add("segment", cut - replaced)
        timings.add("code", clock.now - cut)
        return (
            DocumentCache.Entry(
                segmentKey: work.segmentKey, codebookHash: codebookHash, format: document.format,
                encoding: document.encoding, speakers: document.speakers.count,
                attributedTurns: document.attributedTurnCount,
                warnings: document.warnings, document: segmented, hits: hits),
            timings
        )
    }
}

/// Seconds spent per stage, summed over documents (CPU time across jobs, not wall time).
public struct StageTimings: Sendable, Hashable {
    public var seconds: [String: Double] = [:]

    mutating func add(_ stage: String, _ duration: Duration) {
        let c = duration.components
        seconds[stage, default: 0] += Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    mutating func add(_ other: StageTimings) {
        for (stage, s) in other.seconds { seconds[stage, default: 0] += s }
    }
}
