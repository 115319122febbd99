import CmocModel
import Foundation
import Yams

/// A pipeline file (`pipelines/*.yml`): what to read, how each stage is set, where outputs go.
///
/// Paths in the file are relative to the file's own folder, so a pipeline can be run from anywhere.
///
/// ```yaml
/// pipeline: {id: link-worker-npt, description: ...}
/// corpus: {root: ../corpus, manifest: documents.csv, participants: participants.csv, sites: sites.csv}
/// codebook: codebooks/npt.yml
/// cmocs: cmocs/link-worker.yml
/// stages: {ingest: {...}, pseudonymise: {...}, evidence: {...}}
/// outputs: {dir: ../out}
/// ```
public struct PipelineConfig: Sendable, Hashable {
    public var id: String
    public var description: String
    /// The pipeline file itself and its bytes' SHA-256 (for run.json).
    public var file: URL
    public var corpusRoot: URL
    public var manifest: URL
    public var participants: URL
    public var sites: URL
    /// Extra place and organisation names to pseudonymise (towns, streets, local services).
    public var places: [String]
    public var codebook: URL
    public var cmocs: URL
    public var ingest: IngestSettings
    public var pseudonymise: PseudonymiseSettings
    public var evidence: EvidenceSettings
    public var outputDirectory: URL

    public struct IngestSettings: Sendable, Hashable {
        /// Forces one reader for every document (`plaintext`, `tei`…); nil detects per document.
        public var format: String?
        /// Custom speaker-label regular expression with a named group `speaker`.
        public var labelPattern: String?
        /// Label as written -> one canonical label (`Int1: Interviewer`).
        public var speakerAliases: [String: String] = [:]
        /// XPath mapping for other XML schemas: keys turn, speaker, text, start, end, namespaces.
        public var xmlMapping: [String: String]?
        public var xmlNamespaces: [String: String] = [:]
        /// Largest transcript file read, in bytes.
        public var maxFileBytes: Int = 64 << 20
    }

    public struct PseudonymiseSettings: Sendable, Hashable {
        /// Where the re-identification key is kept: outside the output folder, never in git.
        public var keyFile: URL
        /// Environment variable holding a passphrase; when set there, the key is encrypted at rest.
        public var passphraseEnvironment: String = "CMOC_KEY_PASSPHRASE"
        public var partialNames: Bool = true
        public var thirdParty: Bool = true
    }

    public struct EvidenceSettings: Sendable, Hashable {
        public var window: Int = 2
        public var quotesPerCell: Int = 3
        /// Site attribute the cross-site summary groups by.
        public var groupBy: String? = "integration_level"
        /// Where the pipeline file set `group_by` (nil for the default, which a registry without
        /// that column may simply not have).
        public var groupByAt: SourceLocation?
        /// The sites.csv columns that may appear in reports; nil allows every column but id and name.
        /// Listing them keeps a free-text column (an address, a contact) out of shared outputs.
        public var siteAttributes: [String]?
    }

    /// Default key location: in the user's home, far from outputs and repositories.
    public static func defaultKeyFile(pipelineID: String) -> URL {
        let home = ProcessInfo.processInfo.environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cmoc/keys/\(pipelineID).key.json")
    }

    /// Loads and validates a pipeline file, reporting every problem at once.
    public static func load(path: String) throws(DiagnosticError) -> PipelineConfig {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            let why = !exists ? "there is no such file" : isFolder.boolValue ? "it is a folder" : "it cannot be read (permissions?)"
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "pipeline", at: SourceLocation(file: path),
                    "cannot read the pipeline file: \(why) (looked for \(url.path))",
                    hint: "give the path of a pipeline YAML file, e.g. pipelines/link-worker-npt.yml (relative paths start from \(FileManager.default.currentDirectoryPath))"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(
                Diagnostic(.error, stage: "pipeline", at: SourceLocation(file: path), "the pipeline file is not UTF-8 text"))
        }
        return try parse(yaml: text, file: url, displayPath: path)
    }

    static let topKeys = ["pipeline", "corpus", "codebook", "cmocs", "stages", "outputs"]

    /// Parses pipeline YAML; `file` anchors relative paths, `displayPath` is used in messages.
    public static func parse(yaml text: String, file: URL, displayPath: String) throws(DiagnosticError)
        -> PipelineConfig
    {
        var r = YAMLReader(file: displayPath)
        let base = file.deletingLastPathComponent()
        func resolve(_ path: String) -> URL { base.resolving(path) }
        let root = r.compose(text)
        if root == nil && r.diagnostics.isEmpty {
            r.error(nil, "the pipeline file is empty", hint: "start from pipelines/link-worker-npt.yml")
        }
        let top = r.fields(root, allowed: topKeys, context: "the pipeline file")

        let meta = r.fields(top["pipeline"], allowed: ["id", "description"], context: "pipeline")
        let id = r.string(meta["id"], "pipeline.id") ?? file.deletingPathExtension().lastPathComponent
        let description = r.string(meta["description"], "pipeline.description") ?? ""

        let corpus = r.fields(
            top["corpus"], allowed: ["root", "manifest", "participants", "sites", "places"], context: "corpus")
        if top["corpus"] == nil && root != nil {
            r.error(root, "the pipeline has no 'corpus' section", hint: "add corpus: {root: ../corpus}")
        }
        let corpusRoot = resolve(r.string(corpus["root"], "corpus.root") ?? "../corpus")
        func inCorpus(_ node: Node?, _ what: String, _ fallback: String) -> URL {
            let value = r.string(node, what) ?? fallback
            return corpusRoot.resolving(value)
        }
        let manifest = inCorpus(corpus["manifest"], "corpus.manifest", "documents.csv")
        let participants = inCorpus(corpus["participants"], "corpus.participants", "participants.csv")
        let sites = inCorpus(corpus["sites"], "corpus.sites", "sites.csv")
        let places = r.strings(corpus["places"], "corpus.places")

        var codebook = base
        if let path = r.string(top["codebook"], "codebook") { codebook = resolve(path) } else if root != nil {
            r.error(root, "the pipeline names no codebook", hint: "add codebook: codebooks/npt.yml")
        }
        var cmocs = base
        if let path = r.string(top["cmocs"], "cmocs") { cmocs = resolve(path) } else if root != nil {
            r.error(root, "the pipeline names no CMOC definitions", hint: "add cmocs: cmocs/link-worker.yml")
        }

        let stages = r.fields(
            top["stages"], allowed: ["ingest", "pseudonymise", "segment", "code", "evidence", "reports"],
            context: "stages")
        var ingest = IngestSettings()
        let ing = r.fields(
            stages["ingest"],
            allowed: ["format", "label_pattern", "speaker_aliases", "xml_mapping", "max_file_bytes"],
            context: "stages.ingest")
        ingest.format = r.string(ing["format"], "stages.ingest.format")
        ingest.labelPattern = r.string(ing["label_pattern"], "stages.ingest.label_pattern")
        ingest.speakerAliases = r.stringMap(ing["speaker_aliases"], "stages.ingest.speaker_aliases")
        if let node = ing["xml_mapping"] {
            let m = r.fields(
                node, allowed: ["turn", "speaker", "text", "start", "end", "namespaces"],
                context: "stages.ingest.xml_mapping")
            var mapping: [String: String] = [:]
            for key in ["turn", "speaker", "text", "start", "end"] {
                if let value = r.string(m[key], "xml_mapping.\(key)") { mapping[key] = value }
            }
            if mapping["turn"] == nil { r.error(node, "xml_mapping needs a 'turn' XPath expression") }
            ingest.xmlMapping = mapping
            ingest.xmlNamespaces = r.stringMap(m["namespaces"], "xml_mapping.namespaces")
        }
        if let n = r.int(ing["max_file_bytes"], "stages.ingest.max_file_bytes", range: 1...(1 << 34)) {
            ingest.maxFileBytes = n
        }

        let ps = r.fields(
            stages["pseudonymise"], allowed: ["key_file", "passphrase_env", "partial_names", "third_party"],
            context: "stages.pseudonymise")
        var pseudonymise = PseudonymiseSettings(
            keyFile: r.string(ps["key_file"], "stages.pseudonymise.key_file").map(resolve)
                ?? defaultKeyFile(pipelineID: id))
        if let env = r.string(ps["passphrase_env"], "stages.pseudonymise.passphrase_env") {
            pseudonymise.passphraseEnvironment = env
        }
        if let b = r.bool(ps["partial_names"], "stages.pseudonymise.partial_names") { pseudonymise.partialNames = b }
        if let b = r.bool(ps["third_party"], "stages.pseudonymise.third_party") { pseudonymise.thirdParty = b }
        _ = r.fields(stages["segment"], allowed: [], context: "stages.segment")
        _ = r.fields(stages["code"], allowed: [], context: "stages.code")
        _ = r.fields(stages["reports"], allowed: [], context: "stages.reports")

        var evidence = EvidenceSettings()
        let ev = r.fields(
            stages["evidence"], allowed: ["window", "quotes_per_cell", "group_by", "site_attributes"],
            context: "stages.evidence")
        if let w = r.int(ev["window"], "stages.evidence.window", range: 0...50) { evidence.window = w }
        if let q = r.int(ev["quotes_per_cell"], "stages.evidence.quotes_per_cell", range: 0...50) {
            evidence.quotesPerCell = q
        }
        if ev["group_by"] != nil {
            evidence.groupBy = r.string(ev["group_by"], "stages.evidence.group_by")
            evidence.groupByAt = r.location(ev["group_by"])
        }
        if ev["site_attributes"] != nil {
            evidence.siteAttributes = r.strings(ev["site_attributes"], "stages.evidence.site_attributes")
        }

        let outs = r.fields(top["outputs"], allowed: ["dir"], context: "outputs")
        let output = resolve(r.string(outs["dir"], "outputs.dir") ?? "../out")

        if !r.diagnostics.isEmpty { throw DiagnosticError(r.diagnostics) }
        return PipelineConfig(
            id: id, description: description, file: file, corpusRoot: corpusRoot, manifest: manifest,
            participants: participants, sites: sites, places: places, codebook: codebook, cmocs: cmocs,
            ingest: ingest, pseudonymise: pseudonymise, evidence: evidence, outputDirectory: output)
    }
}
