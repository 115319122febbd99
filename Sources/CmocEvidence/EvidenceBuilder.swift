import CmocModel
import Foundation

/// Accumulates evidence document by document and produces the `EvidenceReport`.
///
/// Streaming: `add` reduces each document to a record of turn metadata, hit references with their
/// excerpts and per-CMOC segments, then drops the text, so memory follows the evidence, not the corpus.
/// Shards can be built apart and combined with `merge`. `finish` sorts everything, so the report does
/// not depend on the order documents were added or shards merged.
///
/// ```swift
/// var builder = EvidenceBuilder(cmocs: cmocs, codes: codes, sites: sites)
/// for document in coded { builder.add(document) }
/// let report = builder.finish()
/// ```
public struct EvidenceBuilder: Sendable {
    /// The role given to turns whose speaker is not in the registry; never a stakeholder group.
    public static let unknownRole = "unknown"
    /// Roles whose turns are not evidence (outside observation data): an interviewer's question is
    /// not a participant's account.
    public static let defaultExcludedRoles: Set<String> = ["interviewer", "researcher"]
    /// Data types where the researcher's own notes are the data, so excluded roles count there.
    public static let defaultObservationDataTypes: Set<String> = ["observation"]

    public let cmocs: [CMOCDefinition]
    public let codes: [CodeInfo]
    public let quotesPerCell: Int
    public let excludedRoles: Set<String>
    public let observationDataTypes: Set<String>
    private let policy: EvidencePolicy
    private let sites: [String: SiteInfo]
    /// Reduces documents for `add`; see `prepare`.
    public let preparer: Preparer
    private var records: [String: DocumentRecord] = [:]
    private var duplicates: [String: Int] = [:]
    private var mergeProblems: [Diagnostic] = []
    /// Each document's `segments.csv` and `presence.csv` rows, encoded at `add`.
    private var rows: SpilledRows
    /// Each document's quotable excerpts (per CMOC and segment), read back only for the quotes chosen.
    private var excerpts: SpilledRows
    /// Shared copies of the code, role, speaker and component lists records carry.
    private var stringLists: [[String]: [String]] = [:]
    private var componentLists: [[Component]: [Component]] = [:]

    /// - Parameters:
    ///   - sites: the site table; only ids and attributes are kept (a site's name never reaches a report).
    ///   - excludedRoles: roles whose turns are not evidence and never a stakeholder group (their hits
    ///     still appear in the segment tables).
    ///   - observationDataTypes: data types where turns of excluded roles are evidence after all
    ///     (a researcher's observation notes).
    ///   - spillFile: a file (created, then appended to) that takes each document's segment and presence
    ///     rows as it is added, so they are not held in memory; the report then reads them back from it
    ///     (`EvidenceReport.forEachRowBlock`) and the caller removes it (`SpilledRows.remove`) when done.
    ///     Nil keeps them in memory.
    public init(
        cmocs: [CMOCDefinition], codes: [CodeInfo], sites: [Site], quotesPerCell: Int = 3,
        excludedRoles: Set<String> = EvidenceBuilder.defaultExcludedRoles,
        observationDataTypes: Set<String> = EvidenceBuilder.defaultObservationDataTypes, spillFile: URL? = nil
    ) {
        self.rows = SpilledRows(file: spillFile)
        self.excerpts = SpilledRows(file: spillFile)
        self.cmocs = cmocs
        self.codes = codes
        self.quotesPerCell = max(0, quotesPerCell)
        self.excludedRoles = excludedRoles
        self.observationDataTypes = observationDataTypes
        self.policy = EvidencePolicy(
            excludedRoles: excludedRoles, observationDataTypes: observationDataTypes, unknownRole: Self.unknownRole)
        var table: [String: SiteInfo] = [:]
        for site in sites where table[site.id] == nil {
            table[site.id] = SiteInfo(id: site.id, attributes: site.attributes)
        }
        self.sites = table
        self.preparer = Preparer(
            cmocs: cmocs, knownCodes: Set(codes.map(\.id)), policy: policy,
            codeKinds: Dictionary(codes.map { ($0.id, $0.kind.rawValue) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Number of documents added so far.
    public var documentCount: Int { records.count }

    /// Adds one coded document. A document id seen before is kept once (the first copy) and warned about.
    public mutating func add(_ document: CodedDocument) { add(prepare(document)) }

    /// A document reduced to what the builder keeps, with its rows encoded: the part of `add` that
    /// needs no other document, so a pipeline can run it in parallel and `add` the results in order.
    public struct PreparedDocument: Sendable {
        fileprivate var record: DocumentRecord
        fileprivate var rows: [UInt8]
        fileprivate var excerpts: [UInt8]
        public var id: String { record.id }
    }

    /// Reduces `document` to its record and encoded rows (pure: the builder is not changed).
    public func prepare(_ document: CodedDocument) -> PreparedDocument { preparer.prepare(document) }

    /// What `prepare` needs, and nothing that grows with the corpus: it can be handed to parallel
    /// tasks while the builder itself goes on adding.
    public struct Preparer: Sendable {
        let cmocs: [CMOCDefinition]
        let knownCodes: Set<String>
        let policy: EvidencePolicy
        let codeKinds: [String: String]

        /// Reduces `document` to its record and encoded rows.
        public func prepare(_ document: CodedDocument) -> PreparedDocument {
            var record = DocumentRecord(document, cmocs: cmocs, knownCodes: knownCodes, policy: policy)
            record.hitCount = record.hits.count
            for hit in record.hits { record.ruleHits[hit.ruleID, default: 0] += 1 }
            let rows = RowCodec.encode(segments: segmentRows(record), presence: presenceRows(record))
            // The rows hold the hits' excerpts and the turns' supporting codes now.
            record.hits = []
            record.turnCount = record.turns.count
            for turn in record.turns {
                record.roles.insert(turn.role)
                if let speaker = turn.speaker { record.speakersByRole[turn.role, default: []].insert(speaker) }
                for code in turn.codedCodes { record.codedByRole[code, default: [:]][turn.role, default: 0] += 1 }
            }
            // Only the turns a CMOC segment points at are looked up again (for quotes), and only their
            // index, speaker, role and time.
            let pointedAt = Set(record.cmocs.flatMap { $0.segments.map(\.turnIndex) })
            record.turns = record.turns.filter { pointedAt.contains($0.index) }.map { turn in
                var kept = turn
                kept.supportingCodes = []
                kept.codedCodes = []
                return kept
            }
            let excerpts = RowCodec.encode(excerpts: record.cmocs.map { $0.texts.map { ($0.excerpt, $0.refuting) } })
            // Only the chosen quotes need their text: it is read back from `excerpts` then.
            for cmoc in record.cmocs.indices { record.cmocs[cmoc].texts = [] }
            return PreparedDocument(record: record, rows: rows, excerpts: excerpts)
        }

        /// `segments.csv` rows of one document: one per hit, in hit order.
        fileprivate func segmentRows(_ record: DocumentRecord) -> [SegmentRow] {
            record.hits.map { hit in
                let turn = record.turn(hit.turnIndex)
                return SegmentRow(
                    siteID: record.site, documentID: record.id, dataType: record.dataType,
                    turnIndex: hit.turnIndex, speaker: turn?.speaker, role: turn?.role ?? EvidenceBuilder.unknownRole,
                    codeID: hit.codeID, codeKind: codeKinds[hit.codeID] ?? "", ruleID: hit.ruleID,
                    direction: hit.direction, span: hit.span, excerpt: hit.excerpt.text)
            }
        }

        /// `presence.csv` rows of one document: one per turn, in turn order.
        fileprivate func presenceRows(_ record: DocumentRecord) -> [PresenceRow] {
            record.turns.map { turn in
                PresenceRow(
                    siteID: record.site, documentID: record.id, dataType: record.dataType, turnIndex: turn.index,
                    speaker: turn.speaker, role: turn.role, codes: turn.supportingCodes)
            }
        }
    }

    /// Adds a document `prepare` reduced (by this builder or one with the same definitions).
    public mutating func add(_ prepared: PreparedDocument) {
        var record = prepared.record
        guard records[record.id] == nil else {
            duplicates[record.id, default: 0] += 1
            return
        }
        rows.append(record.id, prepared.rows)
        excerpts.append(record.id, prepared.excerpts)
        // The small lists every segment and configuration carries repeat across documents: one shared copy of each.
        for cmoc in record.cmocs.indices {
            for segment in record.cmocs[cmoc].segments.indices {
                record.cmocs[cmoc].segments[segment].codes = shared(record.cmocs[cmoc].segments[segment].codes)
                record.cmocs[cmoc].segments[segment].supports = shared(record.cmocs[cmoc].segments[segment].supports)
            }
            for found in record.cmocs[cmoc].full.indices {
                record.cmocs[cmoc].full[found] = shared(record.cmocs[cmoc].full[found])
            }
            for found in record.cmocs[cmoc].partial.indices {
                record.cmocs[cmoc].partial[found] = shared(record.cmocs[cmoc].partial[found])
            }
        }
        records[record.id] = record
    }

    /// The one stored copy of an equal list (arrays share their storage when copied).
    private mutating func shared(_ list: [String]) -> [String] {
        if list.isEmpty { return [] }
        if let stored = stringLists[list] { return stored }
        stringLists[list] = list
        return list
    }

    private mutating func shared(_ list: [Component]) -> [Component] {
        if list.isEmpty { return [] }
        if let stored = componentLists[list] { return stored }
        componentLists[list] = list
        return list
    }

    private mutating func shared(_ configuration: Configuration) -> Configuration {
        var kept = configuration
        kept.components = shared(configuration.components)
        kept.roles = shared(configuration.roles)
        kept.speakers = shared(configuration.speakers)
        return kept
    }

    /// Adds every document of another builder (a shard built with the same CMOCs and codes). A shard
    /// built with other CMOC definitions is not merged: its evidence would not line up, and a warning says so.
    public mutating func merge(_ other: EvidenceBuilder) {
        guard other.cmocs == cmocs, other.policy == policy else {
            mergeProblems.append(EvidenceProblem.mergeMismatch(documents: other.records.count).diagnostic())
            return
        }
        for (id, record) in other.records {
            if records[id] == nil {
                do {
                    try rows.append(id, from: other.rows)
                    try excerpts.append(id, from: other.excerpts)
                } catch {
                    mergeProblems += error.diagnostics
                    continue
                }
                records[id] = record
            } else {
                duplicates[id, default: 0] += 1
            }
        }
        for (id, count) in other.duplicates { duplicates[id, default: 0] += count }
    }

    /// The report: every list in a stable order, independent of the order of `add` and `merge` calls.
    public func finish() -> EvidenceReport {
        let ordered = records.values.sorted { $0.id < $1.id }
        let bySite = Dictionary(grouping: ordered, by: \.site)
        let siteIDs = bySite.keys.sorted()

        var unreadable: [String: Diagnostic] = [:]
        func texts(_ record: DocumentRecord) -> [[(Excerpt.Text, Excerpt.Text?)]]? {
            do throws(DiagnosticError) {
                if let block = try excerpts.block(record.id), let decoded = RowCodec.decodeExcerpts(block) {
                    return decoded
                }
                throw DiagnosticError(
                    EvidenceProblem.unreadableSpill(path: excerpts.file?.path ?? "", reason: "damaged block")
                        .diagnostic())
            } catch {
                unreadable[record.id] = unreadable[record.id] ?? error.diagnostics.first
                return nil
            }
        }
        func cells(_ subset: [DocumentRecord], site: String?) -> [CellEvidence] {
            cmocs.indices.map { index in
                CellAggregation.cell(
                    cmocIndex: index, cmoc: cmocs[index], records: subset, siteID: site,
                    policy: policy, quotesPerCell: quotesPerCell, texts: texts)
            }
        }

        var matrices: [SiteMatrix] = []
        for siteID in siteIDs {
            let subset = bySite[siteID] ?? []
            matrices.append(
                SiteMatrix(
                    site: sites[siteID] ?? SiteInfo(id: siteID, attributes: [:]), documents: subset.count,
                    turns: subset.reduce(0) { $0 + $1.turnCount },
                    speakers: Set(subset.flatMap { $0.speakersByRole.values.joined() }).count,
                    roles: Set(subset.flatMap(\.roles)).filter(policy.isStakeholderGroup).sorted(),
                    dataTypes: Set(subset.map(\.dataType)).sorted(), rows: cells(subset, site: siteID)))
        }

        let overall = cells(ordered, site: nil)

        var frequency: [String: [String: Int]] = [:]
        var byRole: [String: [String: Int]] = [:]
        var speakers: [String: [String: Set<String>]] = [:]
        var rules: [String: Int] = [:]
        var segments: [SegmentRow] = []
        var presence: [PresenceRow] = []
        var warnings = mergeProblems.sorted { $0.message < $1.message }
        warnings += unreadable.sorted { $0.key < $1.key }.map(\.value)
        for siteID in siteIDs where sites[siteID] == nil {
            warnings.append(
                EvidenceProblem.unknownSite(site: siteID, documents: bySite[siteID]?.count ?? 0).diagnostic())
        }
        for record in ordered {
            warnings += record.warnings
            if let count = duplicates[record.id] {
                warnings += Array(
                    repeating: EvidenceProblem.duplicateDocument(documentID: record.id).diagnostic(), count: count)
            }
            for (code, roles) in record.codedByRole {
                for (role, turns) in roles {
                    frequency[code, default: [:]][record.site, default: 0] += turns
                    byRole[code, default: [:]][role, default: 0] += turns
                }
            }
            for (role, people) in record.speakersByRole {
                speakers[record.site, default: [:]][role, default: []].formUnion(people)
            }
            for (rule, hits) in record.ruleHits { rules[rule, default: 0] += hits }
        }
        if rows.file == nil {
            rows.forEachMemoryBlock(in: ordered.map(\.id)) { block in
                guard let decoded = RowCodec.decode(block) else { return }
                segments += decoded.segments
                presence += decoded.presence
            }
        }

        func counts(_ table: [String: [String: Int]]) -> [CodeCount] {
            table.keys.sorted().flatMap { code in
                (table[code] ?? [:]).sorted { $0.key < $1.key }.map {
                    CodeCount(codeID: code, key: $0.key, segments: $0.value)
                }
            }
        }

        return EvidenceReport(
            cmocs: cmocs, codes: codes, sites: matrices, overall: overall,
            documents: ordered.map {
                DocumentSummary(
                    id: $0.id, siteID: $0.site, dataType: $0.dataType, format: $0.format, turns: $0.turnCount,
                    hits: $0.hitCount)
            },
            codeFrequency: counts(frequency), codeByRole: counts(byRole),
            participants: speakers.keys.sorted().flatMap { site in
                (speakers[site] ?? [:]).sorted { $0.key < $1.key }.map {
                    SpeakerCount(siteID: site, role: $0.key, speakers: $0.value.count)
                }
            },
            ruleCounts: rules.sorted { $0.key < $1.key }.map { RuleCount(ruleID: $0.key, hits: $0.value) },
            segments: segments, presence: presence, warnings: warnings, excludedRoles: excludedRoles.sorted(),
            observationDataTypes: observationDataTypes.sorted(),
            quotesPerCell: quotesPerCell, spilledRows: rows.file == nil ? nil : rows)
    }
}
