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
        /// Cached documents coded again because the codebook changed.
        public var recodedDocuments: Int = 0
        public var bytes: Int
        public var timings: StageTimings
        public var wallSeconds: Double
        public var failures: [Diagnostic]
        public var warnings: [Diagnostic]
        public var leaks: [String]
        public var sites: [String]
        /// Nothing had changed since the last run: no output was rewritten.
        public var upToDate: Bool = false
        /// Documents read from the corpus again while others came from the cache (new or changed
        /// since the last run), by manifest id.
        public var readAgain: [String] = []
        /// `cmoc report`: the reports were drawn again from the cache; nothing was read or coded.
        public var reportOnly: Bool = false
        /// 0 when every document was read and nothing leaked; 1 otherwise.
        public var exitCode: Int32 { failures.isEmpty && leaks.isEmpty ? 0 : 1 }

        public var text: String {
            var lines = [
                upToDate
                    ? "cmoc: nothing changed since the last run; the outputs are up to date (\(documents) documents, \(sites.count) sites)"
                    : reportOnly
                        ? "cmoc: reports drawn again from the cache for \(documents - failures.count) of \(documents) documents (nothing read or coded again); \(sites.count) sites"
                        : "cmoc: \(documents - failures.count) of \(documents) documents processed; \(sites.count) sites",
                "outputs: \(outputDirectory.path)",
                "key file: \(keyFile.path) (mode 0600; keep it apart from the outputs)",
            ]
            if !upToDate && !reportOnly && cachedDocuments > 0 {
                let recoded = recodedDocuments > 0 ? ", \(recodedDocuments) of them re-coded with the edited codebook" : ""
                lines.append("\(cachedDocuments) document(s) taken from the cache without reading them again\(recoded)")
                if !readAgain.isEmpty {
                    let shown = readAgain.prefix(5).joined(separator: ", ")
                    let more = readAgain.count > 5 ? " and \(readAgain.count - 5) more" : ""
                    lines.append("\(readAgain.count) document(s) read again, new or changed since the last run: \(shown)\(more)")
                }
            }
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
        /// Values that are valid but probably not meant (an unknown role, a data type spelt two ways).
        var warnings: [Diagnostic] = []
        /// The settings every document's segment key ends with (the same for all: made once).
        var segmentSettings: [String]
    }

    /// The display form of a path: relative to the current folder when inside it.
    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func sha256(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex(SHA256.hash(data: $0)) } }

    /// Lower-case hex of a digest: the one form every hash in run.json, the cache and the key state takes.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Loads registry, manifest, codebook and CMOC definitions, reporting every problem of all of them.
    ///
    /// Two lanes side by side: the registry, the manifest and the detector (with its word lists),
    /// and the codebook with the CMOC definitions. Problems are reported in that order.
    func loadInputs() throws(DiagnosticError) -> Inputs {
        struct PeopleLane: Sendable {
            var problems: [Diagnostic] = []
            var registry: Registry?
            var manifest: Manifest?
            var pseudonymiserProblems: [Diagnostic] = []
            var pseudonymiser: Pseudonymiser?
        }
        struct CodesLane: Sendable {
            var problems: [Diagnostic] = []
            var codebook: Codebook?
            var compiled: CompiledCodebook?
            var codes: [CodeInfo] = []
            var cmocs: [CMOCDefinition]?
        }
        let config = config
        let loadPeople: @Sendable () -> PeopleLane = {
            var lane = PeopleLane()
            do throws(DiagnosticError) {
                lane.registry = try Registry.load(
                    participants: config.participants, sites: config.sites, places: config.places)
            } catch { lane.problems += error.diagnostics }
            guard let registry = lane.registry else { return lane }
            do throws(DiagnosticError) {
                lane.manifest = try Manifest.load(
                    url: config.manifest, displayPath: Self.display(config.manifest), corpusRoot: config.corpusRoot,
                    knownSites: Set(registry.sites.map(\.id)), knownParticipants: Set(registry.participants.map(\.id)))
            } catch { lane.problems += error.diagnostics }
            var options = PseudonymiserOptions()
            options.partialNames = config.pseudonymise.partialNames
            options.thirdParty = config.pseudonymise.thirdParty
            do throws(DiagnosticError) { lane.pseudonymiser = try Pseudonymiser(registry: registry, options: options) } catch {
                lane.pseudonymiserProblems += error.diagnostics
            }
            return lane
        }
        let loadCodes: @Sendable () -> CodesLane = {
            var lane = CodesLane()
            do throws(DiagnosticError) {
                let book = try Codebook.load(path: Self.display(config.codebook))
                lane.codebook = book
                lane.compiled = try CompiledCodebook(book)
            } catch { lane.problems += Self.naming(config.codebook, as: "codebook", in: config, error.diagnostics) }
            lane.codes = lane.codebook.map(Self.codeInfos) ?? []
            if lane.codebook != nil {
                do throws(DiagnosticError) {
                    lane.cmocs = try CMOCDefinitions.load(path: Self.display(config.cmocs), knownCodes: lane.codes)
                } catch { lane.problems += Self.naming(config.cmocs, as: "cmocs", in: config, error.diagnostics) }
            }
            return lane
        }
        let peopleSlot = ParallelSlots<PeopleLane>(count: 1)
        let codesSlot = ParallelSlots<CodesLane>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            if lane == 0 { peopleSlot.set(0, loadPeople()) } else { codesSlot.set(0, loadCodes()) }
        }
        let peopleLane = peopleSlot.values[0] ?? PeopleLane()
        let codesLane = codesSlot.values[0] ?? CodesLane()
        var problems = peopleLane.problems + codesLane.problems + peopleLane.pseudonymiserProblems
        let registry = peopleLane.registry
        let manifest = peopleLane.manifest
        let codebook = codesLane.codebook
        let compiled = codesLane.compiled
        let cmocs = codesLane.cmocs
        let codes = codesLane.codes
        let pseudonymiser = peopleLane.pseudonymiser
        let formats = TranscriptFormat.allCases.map(\.rawValue)
        func formatHint(_ format: String) -> String {
            Suggestion.closest(to: format, in: formats).map { "did you mean '\($0)'?" }
                ?? "one of: \(formats.joined(separator: ", "))"
        }
        if let format = config.ingest.format, TranscriptFormat(rawValue: format) == nil {
            problems.append(
                Diagnostic(
                    .error, stage: "pipeline", at: SourceLocation(file: Self.display(config.file)),
                    "stages.ingest.format '\(format)' is not a format cmoc reads",
                    hint: formatHint(format)))
        }
        for document in manifest?.documents ?? [] {
            if let format = document.entry.format, TranscriptFormat(rawValue: format) == nil {
                problems.append(
                    Diagnostic(
                        .error, stage: "manifest",
                        at: SourceLocation(file: Self.display(config.manifest), line: document.line),
                        "format '\(format)' of \(document.entry.id) is not a format cmoc reads",
                        hint: formatHint(format)))
            }
        }
        if let allowed = config.evidence.siteAttributes, let registry {
            let columns = Set(registry.sites.flatMap(\.attributes.keys))
            for name in allowed where !columns.contains(name) {
                problems.append(
                    Diagnostic(
                        .error, stage: "pipeline", at: SourceLocation(file: Self.display(config.file)),
                        "stages.evidence.site_attributes names '\(name)', which sites.csv has no column for",
                        hint: Suggestion.closest(to: name, in: columns).map { "did you mean '\($0)'?" }
                            ?? "sites.csv has: \(columns.sorted().joined(separator: ", "))"))
            }
        }
        if let name = config.evidence.groupBy, let at = config.evidence.groupByAt, let registry {
            // A column the summary cannot group by would only show every site as "(not set)".
            let columns = Set(registry.sites.flatMap(\.attributes.keys))
            if !columns.contains(name) {
                problems.append(
                    Diagnostic(
                        .error, stage: "pipeline", at: at,
                        "stages.evidence.group_by names '\(name)', which sites.csv has no column for",
                        hint: (Suggestion.closest(to: name, in: columns) ?? columns.sorted().first { $0.hasPrefix(name) })
                            .map { "did you mean '\($0)'?" }
                            ?? "sites.csv has: \(columns.sorted().joined(separator: ", "))"))
            } else if let allowed = config.evidence.siteAttributes, !allowed.contains(name) {
                problems.append(
                    Diagnostic(
                        .error, stage: "pipeline", at: at,
                        "stages.evidence.group_by names '\(name)', which stages.evidence.site_attributes leaves out of the reports",
                        hint: "add '\(name)' to site_attributes, or group by one of: \(allowed.joined(separator: ", "))"))
            }
        }
        guard problems.isEmpty, var registry, let manifest, let codebook, let compiled, let cmocs, let pseudonymiser
        else { throw DiagnosticError(problems) }
        if let allowed = config.evidence.siteAttributes.map(Set.init) {
            // Only the listed site columns travel on to the reports.
            for i in registry.sites.indices {
                registry.sites[i].attributes = registry.sites[i].attributes.filter { allowed.contains($0.key) }
            }
        }
        var hashes: [String: String] = [:]
        for (name, url) in [
            ("pipeline", config.file), ("codebook", config.codebook), ("cmocs", config.cmocs),
            ("participants", config.participants), ("sites", config.sites), ("manifest", config.manifest),
        ] {
            hashes[name] = FileManager.default.contents(atPath: url.path).map(Self.sha256) ?? ""
        }
        return Inputs(
            registry: registry, manifest: manifest, codebook: codebook, compiled: compiled, cmocs: cmocs,
            codes: codes, pseudonymiser: pseudonymiser, hashes: hashes,
            warnings: Self.consistencyWarnings(registry: registry, manifest: manifest, config: config),
            segmentSettings: segmentSettings(hashes: hashes))
    }

    /// `diagnostics` about `file`, with a hint at the pipeline key that named it when it does not
    /// exist (a pipeline file copied to another folder keeps its relative paths).
    static func naming(_ file: URL, as key: String, in config: PipelineConfig, _ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !FileManager.default.fileExists(atPath: file.path) else { return diagnostics }
        let shown = display(file)
        return diagnostics.map { diagnostic in
            guard diagnostic.location?.file == shown else { return diagnostic }
            var named = diagnostic
            named.hint = "`\(key):` in \(display(config.file)) names this file; its paths are relative to the pipeline "
                + "file's folder (\(display(config.file.deletingLastPathComponent())))"
            return named
        }
    }

    /// Stakeholder roles and data types the evidence stage knows; others still work, with a warning.
    public static let knownRoles: Set<String> = [
        "link_worker", "gp", "practice_manager", "receptionist", "nurse", "patient", "carer", "pharmacist",
        "social_worker", "community_partner", "other_staff", "researcher", "interviewer",
    ]
    public static let knownDataTypes: Set<String> = ["interview", "observation", "focus_group", "meeting", "document"]

    static func consistencyWarnings(registry: Registry, manifest: Manifest, config: PipelineConfig) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let participants = Self.display(config.participants)
        let documents = Self.display(config.manifest)
        for (index, person) in registry.participants.enumerated() where !knownRoles.contains(person.role) {
            let line = index < registry.participantLines.count ? registry.participantLines[index] : nil
            warnings.append(
                Diagnostic(
                    .warning, stage: "pipeline", at: SourceLocation(file: participants, line: line),
                    "role '\(person.role)' of \(person.id) is not a known stakeholder role; it counts as a group of its own",
                    hint: Suggestion.closest(to: person.role, in: knownRoles).map { "did you mean '\($0)'?" }
                        ?? "known roles: \(knownRoles.sorted().joined(separator: ", "))"))
        }
        let siteOf = Dictionary(registry.participants.map { ($0.id, $0.site) }, uniquingKeysWith: { a, _ in a })
        for document in manifest.documents {
            let entry = document.entry
            if !knownDataTypes.contains(entry.dataType) {
                warnings.append(
                    Diagnostic(
                        .warning, stage: "manifest", at: SourceLocation(file: documents, line: document.line),
                        "data type '\(entry.dataType)' of \(entry.id) is not a known data type; it counts as one of its own",
                        hint: Suggestion.closest(to: entry.dataType, in: knownDataTypes).map { "did you mean '\($0)'?" }
                            ?? "known data types: \(knownDataTypes.sorted().joined(separator: ", "))"))
            }
            for id in Set(document.speakers.values).sorted() {
                if let site = siteOf[id], !site.isEmpty, site != entry.site {
                    warnings.append(
                        Diagnostic(
                            .warning, stage: "manifest", at: SourceLocation(file: documents, line: document.line),
                            "\(entry.id) is at site \(entry.site) but its speaker \(id) is registered at \(site)",
                            hint: "check the site column of this row and of the participant"))
                }
            }
        }
        return warnings
    }

    static func codeInfos(_ codebook: Codebook) -> [CodeInfo] {
        codebook.codes.map { CodeInfo(id: $0.id, label: $0.label, kind: $0.kind, parent: $0.parent) }
    }
}

