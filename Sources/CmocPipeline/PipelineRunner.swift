import CmocCoding
import CmocEvidence
import CmocIngest
import CmocModel
import CmocPseudonymise
import CmocReports
import CmocSegment
import Crypto
import Foundation

/// Runs a pipeline over its corpus: validate everything first, then
/// ingest -> pseudonymise -> segment -> code -> evidence -> reports, then the leak guard.
///
/// Determinism: documents are processed in parallel, but pseudonym numbers are assigned in
/// manifest order and evidence is order-independent, so outputs are identical for any `jobs`.
public struct PipelineRunner: Sendable {
    public struct Options: Sendable {
        public var outputDirectory: URL?
        public var keyFile: URL?
        public var jobs: Int
        public init(outputDirectory: URL? = nil, keyFile: URL? = nil, jobs: Int = 2) {
            self.outputDirectory = outputDirectory
            self.keyFile = keyFile
            self.jobs = max(1, jobs)
        }
    }

    public struct Summary: Sendable {
        public var outputDirectory: URL
        public var keyFile: URL
        public var documents: Int
        public var failures: [Diagnostic]
        public var warnings: [Diagnostic]
        public var leaks: [String]
        public var sites: [String]
        /// 0 when every document was read and nothing leaked; 1 otherwise.
        public var exitCode: Int32 { failures.isEmpty && leaks.isEmpty ? 0 : 1 }

        public var text: String {
            var lines = [
                "cmoc: \(documents - failures.count) of \(documents) documents processed; \(sites.count) sites",
                "outputs: \(outputDirectory.path)",
                "key file: \(keyFile.path) (mode 0600; keep it apart from the outputs)",
            ]
            if !failures.isEmpty { lines.append("\(failures.count) document(s) failed: see run.json") }
            if !leaks.isEmpty { lines.append("LEAK GUARD FAILED: \(leaks.count) finding(s)") }
            return lines.joined(separator: "\n")
        }
    }

    public let config: PipelineConfig
    public let options: Options

    public init(config: PipelineConfig, options: Options) {
        self.config = config
        self.options = options
    }

    /// Everything loaded and validated before any document is touched.
    struct Inputs: Sendable {
        var registry: Registry
        var manifest: Manifest
        var codebook: Codebook
        var compiled: CompiledCodebook
        var cmocs: [CMOCDefinition]
        var codes: [CodeInfo]
        var pseudonymiser: Pseudonymiser
        var hashes: [String: String]
    }

    /// The display form of a path: relative to the current folder when inside it.
    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Loads registry, manifest, codebook and CMOC definitions, reporting every problem of all of them.
    func loadInputs() throws(DiagnosticError) -> Inputs {
        var problems: [Diagnostic] = []
        var registry: Registry?
        do {
            registry = try Registry.load(
                participants: config.participants, sites: config.sites, places: config.places)
        } catch { problems += error.diagnostics }
        var manifest: Manifest?
        if let registry {
            do {
                manifest = try Manifest.load(
                    url: config.manifest, displayPath: Self.display(config.manifest), corpusRoot: config.corpusRoot,
                    knownSites: Set(registry.sites.map(\.id)), knownParticipants: Set(registry.participants.map(\.id)))
            } catch { problems += error.diagnostics }
        }
        var codebook: Codebook?
        var compiled: CompiledCodebook?
        do {
            let book = try Codebook.load(path: Self.display(config.codebook))
            codebook = book
            compiled = try CompiledCodebook(book)
        } catch { problems += error.diagnostics }
        var cmocs: [CMOCDefinition]?
        let codes = codebook.map(Self.codeInfos) ?? []
        if codebook != nil {
            do {
                cmocs = try CMOCDefinitions.load(path: Self.display(config.cmocs), knownCodes: codes)
            } catch { problems += error.diagnostics }
        }
        var pseudonymiser: Pseudonymiser?
        if let registry {
            var options = PseudonymiserOptions()
            options.partialNames = config.pseudonymise.partialNames
            options.thirdParty = config.pseudonymise.thirdParty
            do { pseudonymiser = try Pseudonymiser(registry: registry, options: options) } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty, let registry, let manifest, let codebook, let compiled, let cmocs, let pseudonymiser
        else { throw DiagnosticError(problems) }
        var hashes: [String: String] = [:]
        for (name, url) in [
            ("pipeline", config.file), ("codebook", config.codebook), ("cmocs", config.cmocs),
            ("participants", config.participants), ("sites", config.sites), ("manifest", config.manifest),
        ] {
            hashes[name] = FileManager.default.contents(atPath: url.path).map(Self.sha256) ?? ""
        }
        return Inputs(
            registry: registry, manifest: manifest, codebook: codebook, compiled: compiled, cmocs: cmocs,
            codes: codes, pseudonymiser: pseudonymiser, hashes: hashes)
    }

    static func codeInfos(_ codebook: Codebook) -> [CodeInfo] {
        codebook.codes.map { CodeInfo(id: $0.id, label: $0.label, kind: $0.kind, parent: $0.parent) }
    }
}

extension PipelineRunner {
    /// One document after ingest and detection (phase 1, in parallel).
    struct ReadDocument: Sendable {
        var source: Manifest.Document
        var sha256: String
        var bytes: Int
        var document: SourceDocument?
        var detections: DocumentDetections?
        var failure: Diagnostic?
    }

    /// Maps `items` with at most `jobs` running at once; results keep the input order.
    static func parallelMap<T: Sendable, R: Sendable>(
        _ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        if jobs <= 1 || items.count <= 1 { return items.map(transform) }
        return await withTaskGroup(of: (Int, R).self) { group in
            var results = [R?](repeating: nil, count: items.count)
            var next = 0
            func start() {
                let i = next
                let item = items[i]
                group.addTask { (i, transform(item)) }
                next += 1
            }
            while next < min(jobs, items.count) { start() }
            while let (i, result) = await group.next() {
                results[i] = result
                if next < items.count { start() }
            }
            return results.compactMap { $0 }
        }
    }

    /// The registry id a manifest maps a label to; TEI `#p1` matches a manifest `p1`.
    static func participant(for label: String, in speakers: [String: String]) -> String? {
        if let id = speakers[label] { return id }
        if label.hasPrefix("#") { return speakers[String(label.dropFirst())] }
        return nil
    }

    func ingestOptions(for entry: ManifestEntry) -> IngestOptions {
        var options = IngestOptions()
        if let format = entry.format ?? config.ingest.format { options.format = TranscriptFormat(rawValue: format) }
        options.labelPattern = config.ingest.labelPattern
        options.speakerAliases = config.ingest.speakerAliases
        return options
    }

    /// Phase 1 for one document: read bytes, ingest, map labels to registry ids, detect identifiers.
    func readAndDetect(_ source: Manifest.Document, pseudonymiser: Pseudonymiser) -> ReadDocument {
        let entry = source.entry
        let ext = source.url.pathExtension.isEmpty ? "" : "." + source.url.pathExtension
        let displayName = entry.id + ext
        var result = ReadDocument(source: source, sha256: "", bytes: 0)
        guard let data = FileManager.default.contents(atPath: source.url.path) else {
            result.failure = Diagnostic(
                .error, stage: "ingest", at: SourceLocation(file: displayName),
                "cannot read the file listed for this document (documents.csv line \(source.line))",
                hint: "check the 'file' column of documents.csv and that the file exists")
            return result
        }
        result.sha256 = Self.sha256(data)
        result.bytes = data.count
        guard data.count <= config.ingest.maxFileBytes else {
            result.failure = Diagnostic(
                .error, stage: "ingest", at: SourceLocation(file: displayName),
                "the file is larger than stages.ingest.max_file_bytes (\(config.ingest.maxFileBytes) bytes)",
                hint: "raise max_file_bytes in the pipeline if the file is genuine")
            return result
        }
        do {
            var document = try Ingest.read(
                bytes: [UInt8](data), displayName: displayName, id: entry.id, options: ingestOptions(for: entry))
            if !source.speakers.isEmpty {
                for i in document.utterances.indices {
                    if let label = document.utterances[i].speaker, let id = Self.participant(for: label, in: source.speakers) {
                        document.utterances[i].speaker = id
                    }
                }
            }
            result.detections = pseudonymiser.detect(document: document)
            result.document = document
        } catch {
            result.failure = error.diagnostics.first(where: { $0.severity == .error }) ?? error.diagnostics.first
        }
        return result
    }
}

extension PipelineRunner {
    /// Runs the whole pipeline. Throws only for problems that stop everything (invalid
    /// configuration, key or output folder refused); per-document failures are in the summary.
    public func run() async throws(DiagnosticError) -> Summary {
        let inputs = try loadInputs()
        let output = options.outputDirectory ?? config.outputDirectory
        let keyURL = options.keyFile ?? config.pseudonymise.keyFile
        try OutputFolder.check(output: output, keyFile: keyURL, corpusRoot: config.corpusRoot)
        let passphrase = ProcessInfo.processInfo.environment[config.pseudonymise.passphraseEnvironment]
            .flatMap { $0.isEmpty ? nil : $0 }
        var key: PseudonymKey
        do { key = try PseudonymKey.load(at: keyURL, passphrase: passphrase) } catch {
            throw Self.asDiagnostics(error, stage: "pseudonymise")
        }

        // Phase 1, parallel: ingest and detect.
        let pseudonymiser = inputs.pseudonymiser
        let read = await Self.parallelMap(inputs.manifest.documents, jobs: options.jobs) {
            self.readAndDetect($0, pseudonymiser: pseudonymiser)
        }
        // Phase 2, in manifest order: new pseudonyms get their numbers.
        for item in read { if let detections = item.detections { key.assign(detections) } }
        // Phase 3, parallel: replace, segment, code.
        let roles = Dictionary(inputs.registry.participants.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        let siteAttributes = Dictionary(
            inputs.registry.sites.map { ($0.id, $0.attributes) }, uniquingKeysWith: { a, _ in a })
        let frozenKey = key
        let compiled = inputs.compiled
        let coded: [CodedDocument?] = await Self.parallelMap(read, jobs: options.jobs) { item in
            guard let document = item.document, let detections = item.detections else { return nil }
            let pseudonymised = pseudonymise(document: document, detections: detections, key: frozenKey)
            let segmented = Segmenter.segment(pseudonymised.document, entry: item.source.entry, roles: roles)
            let hits = compiled.code(segmented, siteAttributes: siteAttributes[segmented.site] ?? [:])
            return CodedDocument(document: segmented, hits: hits)
        }

        var builder = EvidenceBuilder(
            cmocs: inputs.cmocs, codes: inputs.codes, sites: inputs.registry.sites,
            quotesPerCell: config.evidence.quotesPerCell, excludedRoles: ["interviewer", "researcher"])
        for case let document? in coded { builder.add(document) }
        let report = builder.finish()

        let failures = read.compactMap(\.failure)
        let warnings = read.compactMap(\.document).flatMap(\.warnings)
        var files = Reports.render(
            report,
            context: ReportContext(
                groupBy: config.evidence.groupBy, codebookVersion: inputs.codebook.version,
                codebookHash: inputs.hashes["codebook"] ?? "", allRuleIDs: inputs.codebook.codes.flatMap { code in code.rules.map { $0.id(in: code.id) } },
                failedDocuments: failures.map { FailedDocument(id: $0.location?.file ?? "?", message: $0.description) },
                registeredParticipants: inputs.registry.participants.map(RegisteredParticipant.init)))
        // The pseudonymised transcripts, one line per turn (line N+1 is turn N): every quote's source.
        for case let document? in coded {
            files["transcripts/\(document.document.id).txt"] = Array(document.document.text.utf8)
        }
        files["run.json"] = RunRecord.make(
            config: config, inputs: inputs, read: read, coded: coded.compactMap { $0 }, failures: failures,
            warnings: warnings, files: files.keys.sorted())

        do {
            try OutputFolder.prepare(output)
            try Reports.write(files, to: output)
            let keyFolder = keyURL.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: keyFolder.path) {
                try FileManager.default.createDirectory(
                    at: keyFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            try key.save(to: keyURL, outputDirectory: output, passphrase: passphrase)
        } catch {
            throw Self.asDiagnostics(error, stage: "reports")
        }
        let leaks: [String]
        do {
            leaks = try LeakGuard(registry: inputs.registry, key: key).scan(directory: output).map(\.description)
        } catch {
            throw Self.asDiagnostics(error, stage: "leak guard")
        }
        return Summary(
            outputDirectory: output, keyFile: keyURL, documents: read.count, failures: failures, warnings: warnings,
            leaks: leaks, sites: inputs.registry.sites.map(\.id))
    }

    static func asDiagnostics(_ error: any Error, stage: String) -> DiagnosticError {
        if let error = error as? DiagnosticError { return error }
        return DiagnosticError(Diagnostic(.error, stage: stage, "\(error)"))
    }
}
