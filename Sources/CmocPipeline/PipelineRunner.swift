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
        /// Reuse per-document results from `<output>/cache/` when their inputs are unchanged.
        public var useCache: Bool
        /// Regenerate reports from cached coded documents only: nothing is read, detected or coded.
        public var reportOnly: Bool = false
        /// Called after each batch of documents (from the runner's task; keep it cheap).
        public var progress: (@Sendable (Progress) -> Void)?

        public init(
            outputDirectory: URL? = nil, keyFile: URL? = nil, jobs: Int = 2, useCache: Bool = true,
            progress: (@Sendable (Progress) -> Void)? = nil
        ) {
            self.outputDirectory = outputDirectory
            self.keyFile = keyFile
            self.jobs = max(1, jobs)
            self.useCache = useCache
            self.progress = progress
        }
    }

    /// How far a run has got.
    public struct Progress: Sendable {
        public var documentsDone: Int
        public var documentsTotal: Int
        public var bytesDone: Int
        public var seconds: Double
    }

    public struct Summary: Sendable {
        public var outputDirectory: URL
        public var keyFile: URL
        public var documents: Int
        /// Documents whose stage results came from the cache.
        public var cachedDocuments: Int
        public var bytes: Int
        public var timings: StageTimings
        public var wallSeconds: Double
        public var failures: [Diagnostic]
        public var warnings: [Diagnostic]
        public var leaks: [String]
        public var sites: [String]
        /// Nothing had changed since the last run: no output was rewritten.
        public var upToDate: Bool = false
        /// 0 when every document was read and nothing leaked; 1 otherwise.
        public var exitCode: Int32 { failures.isEmpty && leaks.isEmpty ? 0 : 1 }

        public var text: String {
            var lines = [
                "cmoc: \(documents - failures.count) of \(documents) documents processed; \(sites.count) sites",
                "outputs: \(outputDirectory.path)",
                "key file: \(keyFile.path) (mode 0600; keep it apart from the outputs)",
            ]
            if upToDate { lines.append("nothing changed since the last run: outputs are up to date") }
            else if cachedDocuments > 0 { lines.append("\(cachedDocuments) document(s) reused from the cache") }
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

