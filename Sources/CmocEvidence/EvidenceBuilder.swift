import CmocModel
import Foundation

/// Accumulates evidence document by document and produces the `EvidenceReport`.
///
/// Streaming: `prepare` reduces each document to a record (turn metadata, per-CMOC segments and
/// configurations) and its encoded table rows; `add` folds the record into running cells and totals
/// and lets it go, so memory follows the evidence (configurations, people, a few quote candidates
/// per cell), not the number of documents. `prepare` needs no other document and can run in
/// parallel; `finish` sorts everything, so the report does not depend on the order of `add` calls.
/// (Shards of a cluster run are combined before this stage, document by document: see
/// `PipelineRunner.merge`.)
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
    /// Ids of the documents added, to warn about one added twice.
    private var documentIDs = Set<String>()
    private var duplicates: [String: Int] = [:]
    private var summaries: [DocumentSummary] = []
    /// Warnings of the documents that have any, by document id.
    private var documentWarnings: [String: [Diagnostic]] = [:]
    /// Per site: what its matrix header shows, and one running cell per CMOC.
    private var siteTotals: [String: SiteTotals] = [:]
    /// One running cell per CMOC over every site.
    private var overall: [CellAccumulator]
    private var frequency: [String: [String: Int]] = [:]
    private var byRole: [String: [String: Int]] = [:]
    private var speakers: [String: [String: Set<String>]] = [:]
    private var rules: [String: Int] = [:]
    private var unlistedCodes = Set<String>()
    /// Each document's `segments.csv` and `presence.csv` rows, encoded at `prepare`.
    private var rows: SpilledRows
    /// Each document's quotable excerpts (per CMOC and segment), read back only for the quotes chosen.
    private var excerpts: SpilledRows

    /// A site's running totals.
    struct SiteTotals: Sendable {
        var documents = 0
        var turns = 0
        var speakers = Set<String>()
        var roles = Set<String>()
        var dataTypes = Set<String>()
        var cells: [CellAccumulator]
    }

    /// - Parameters:
    ///   - sites: the site table; only ids and attributes are kept (a site's name never reaches a report).
    ///   - excludedRoles: roles whose turns are not evidence and never a stakeholder group (their hits
    ///     still appear in the segment tables).
    ///   - observationDataTypes: data types where turns of excluded roles are evidence after all
    ///     (a researcher's observation notes).
    ///   - spillFile: a file (created, then appended to) that takes each document's segment and presence
    ///     rows as it is added (about a megabyte at a time), so they are not held in memory; the report
    ///     then reads them back from it (`EvidenceReport.forEachRowBlock`) and the caller removes it
    ///     (`SpilledRows.remove`) when done.
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
        let policy = EvidencePolicy(
            excludedRoles: excludedRoles, observationDataTypes: observationDataTypes, unknownRole: Self.unknownRole)
        self.policy = policy
        var table: [String: SiteInfo] = [:]
        for site in sites where table[site.id] == nil {
            table[site.id] = SiteInfo(id: site.id, attributes: site.attributes)
        }
        self.sites = table
        let cells = max(0, quotesPerCell)
        self.overall = cmocs.indices.map { CellAccumulator(cmocIndex: $0, quotesPerCell: cells, policy: policy) }
        self.preparer = Preparer(
            cmocs: cmocs, knownCodes: Set(codes.map(\.id)), policy: policy,
            codeKinds: Dictionary(codes.map { ($0.id, $0.kind.rawValue) }, uniquingKeysWith: { first, _ in first }),
            quotesPerCell: cells, relevance: CMOCRelevance(cmocs))
    }

    /// Number of documents added so far.
    public var documentCount: Int { documentIDs.count }

    /// Adds one coded document. A document id seen before is kept once (the first copy) and warned about.
    public mutating func add(_ document: CodedDocument) { add(prepare(document)) }

    /// A document reduced to what the builder keeps, with its rows encoded: the part of `add` that
    /// needs no other document, so a pipeline can run it in parallel and `add` the results in order.
    public struct PreparedDocument: Sendable {
        fileprivate var record: DocumentRecord
        fileprivate var rows: [UInt8]
        fileprivate var excerpts: [UInt8]
        /// This document's part of each CMOC's cell, in CMOC order (folded into the running cells by `add`).
        fileprivate var cells: [CellAccumulator]
        /// Codes supporting some turn that the codebook does not list.
        fileprivate var unlistedCodes: Set<String>
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
        let quotesPerCell: Int
        let relevance: CMOCRelevance
        /// The codes numbered once for every document (see `CodeTable`).
        let codeTable: CodeTable

        init(
            cmocs: [CMOCDefinition], knownCodes: Set<String>, policy: EvidencePolicy, codeKinds: [String: String],
            quotesPerCell: Int, relevance: CMOCRelevance
        ) {
            self.cmocs = cmocs
            self.knownCodes = knownCodes
            self.policy = policy
            self.codeKinds = codeKinds
            self.quotesPerCell = quotesPerCell
            self.relevance = relevance
            codeTable = CodeTable(knownCodes: knownCodes, relevance: relevance, codeKinds: codeKinds)
        }

        /// Reduces `document` to its record and encoded rows.
        public func prepare(_ document: CodedDocument) -> PreparedDocument {
            var record = DocumentRecord(document, cmocs: cmocs, policy: policy, codes: codeTable)
            // (`hitCount` and `ruleHits` are counted by the record's init, in its pass over the hits.)
            let rows = RowCodec.encode(
                record, codeKinds: codeKinds, unknownRole: EvidenceBuilder.unknownRole, codes: codeTable)
            // Every turn's supporting codes come from its supporting hits (each hit's turn is there).
            var unlisted = Set<String>()
            for hit in record.hits where !hit.known && hit.direction == .supports { unlisted.insert(hit.codeID) }
            // The rows hold the hits' excerpts and the turns' supporting codes now.
            record.hits = []
            record.hitExcerpts = []
            record.turnCount = record.turns.count
            // Turns mostly alternate between two people: a (role, speaker) pair met in one of the last
            // two turns is in the sets already, so they are not hashed again.
            var recent: [(role: String, speaker: String?)] = []
            // Coded turns per role and code number, counted flat (a document has a handful of roles)
            // and put in the nested table once per (code, role) at the end, not once per turn and code.
            var countedRoles: [String] = []
            var coded: [[Int]] = []
            var lastRole = -1
            for turn in record.turns {
                if !recent.contains(where: { $0.role == turn.role && $0.speaker == turn.speaker }) {
                    record.roles.insert(turn.role)
                    if let speaker = turn.speaker { record.speakersByRole[turn.role, default: []].insert(speaker) }
                    if recent.count == 2 { recent.removeFirst() }
                    recent.append((turn.role, turn.speaker))
                }
                guard let mask = turn.codedMask else {
                    for code in turn.codedCodes { record.codedByRole[code, default: [:]][turn.role, default: 0] += 1 }
                    continue
                }
                guard mask != 0 else { continue }
                if lastRole < 0 || countedRoles[lastRole] != turn.role {
                    if let known = countedRoles.firstIndex(of: turn.role) {
                        lastRole = known
                    } else {
                        lastRole = countedRoles.count
                        countedRoles.append(turn.role)
                        coded.append([Int](repeating: 0, count: CodeTable.maskWidth))
                    }
                }
                var rest = mask
                while rest != 0 {
                    coded[lastRole][rest.trailingZeroBitCount] += 1
                    rest &= rest &- 1
                }
            }
            for (role, counts) in zip(countedRoles, coded) {
                for (number, turns) in counts.enumerated() where turns > 0 {
                    record.codedByRole[codeTable.ids[number], default: [:]][role, default: 0] += turns
                }
            }
            // Only the turns a CMOC segment points at are looked up again (for quotes), and only their
            // index, speaker, role and time.
            let pointedAt = record.cmocs.flatMap { $0.segments.map(\.turnIndex) }.sorted()
            var kept: [DocumentRecord.TurnRecord] = []
            var next = 0
            for turn in record.turns {
                while next < pointedAt.count, pointedAt[next] < turn.index { next += 1 }
                guard next < pointedAt.count, pointedAt[next] == turn.index else { continue }
                kept.append(
                    DocumentRecord.TurnRecord(
                        index: turn.index, speaker: turn.speaker, role: turn.role, start: turn.start,
                        supportingCodes: [], codedCodes: []))
            }
            record.turns = kept
            let cells = cmocs.indices.map { index in
                var cell = CellAccumulator(cmocIndex: index, quotesPerCell: quotesPerCell, policy: policy)
                cell.add(record)
                return cell
            }
            // Only the segments this document's cells shortlist can be quoted: their excerpts are
            // cut now, from the text, and read back at `finish` for the quotes chosen.
            let excerpts = record.quoteExcerpts(of: document.document, wanted: cells.map(\.shortlistedSegments))
            return PreparedDocument(
                record: record, rows: rows, excerpts: excerpts, cells: cells, unlistedCodes: unlisted)
        }
    }

    /// Adds a document `prepare` reduced (by this builder or one with the same definitions): its
    /// evidence goes into the running cells and totals, its rows to the row store, and the record
    /// itself is let go.
    public mutating func add(_ prepared: PreparedDocument) {
        let record = prepared.record
        guard documentIDs.insert(record.id).inserted else {
            duplicates[record.id, default: 0] += 1
            return
        }
        rows.append(record.id, prepared.rows)
        excerpts.append(record.id, prepared.excerpts)
        unlistedCodes.formUnion(prepared.unlistedCodes)
        summaries.append(
            DocumentSummary(
                id: record.id, siteID: record.site, dataType: record.dataType, format: record.format,
                turns: record.turnCount, hits: record.hitCount))
        if !record.warnings.isEmpty { documentWarnings[record.id] = record.warnings }
        // Taken out of the table while it changes, so its cells are not copied on the first write.
        var site = siteTotals.removeValue(forKey: record.site) ?? SiteTotals(
            cells: cmocs.indices.map { CellAccumulator(cmocIndex: $0, quotesPerCell: quotesPerCell, policy: policy) })
        site.documents += 1
        site.turns += record.turnCount
        for people in record.speakersByRole.values { site.speakers.formUnion(people) }
        site.roles.formUnion(record.roles)
        site.dataTypes.insert(record.dataType)
        for index in prepared.cells.indices where index < cmocs.count {
            site.cells[index].merge(prepared.cells[index])
            overall[index].merge(prepared.cells[index])
        }
        siteTotals[record.site] = site
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

    /// The report: every list in a stable order, independent of the order documents were added.
    public func finish() -> EvidenceReport {
        let siteIDs = siteTotals.keys.sorted()
        var unreadable: [String: Diagnostic] = [:]
        func texts(_ documentID: String) -> [[(Excerpt.Text, Excerpt.Text?)]]? {
            do throws(DiagnosticError) {
                if let block = try excerpts.block(documentID), let decoded = RowCodec.decodeExcerpts(block) {
                    return decoded
                }
                throw DiagnosticError(
                    EvidenceProblem.unreadableSpill(path: excerpts.file?.path ?? "", reason: "damaged block")
                        .diagnostic())
            } catch {
                unreadable[documentID] = unreadable[documentID] ?? error.diagnostics.first
                return nil
            }
        }

        var matrices: [SiteMatrix] = []
        for siteID in siteIDs {
            guard let totals = siteTotals[siteID] else { continue }
            matrices.append(
                SiteMatrix(
                    site: sites[siteID] ?? SiteInfo(id: siteID, attributes: [:]), documents: totals.documents,
                    turns: totals.turns, speakers: totals.speakers.count,
                    roles: totals.roles.filter(policy.isStakeholderGroup).sorted(),
                    dataTypes: totals.dataTypes.sorted(),
                    rows: cmocs.indices.map { totals.cells[$0].finish(cmoc: cmocs[$0], siteID: siteID, excerpts: texts) }))
        }
        let overall = cmocs.indices.map { self.overall[$0].finish(cmoc: cmocs[$0], siteID: nil, excerpts: texts) }

        let ordered = summaries.sorted { $0.id < $1.id }
        var segments: [SegmentRow] = []
        var presence: [PresenceRow] = []
        var warnings = unreadable.sorted { $0.key < $1.key }.map(\.value)
        for siteID in siteIDs where sites[siteID] == nil {
            warnings.append(
                EvidenceProblem.unknownSite(site: siteID, documents: siteTotals[siteID]?.documents ?? 0).diagnostic())
        }
        for document in ordered {
            warnings += documentWarnings[document.id] ?? []
            if let count = duplicates[document.id] {
                warnings += Array(
                    repeating: EvidenceProblem.duplicateDocument(documentID: document.id).diagnostic(), count: count)
            }
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
            cmocs: cmocs, codes: codes, sites: matrices, overall: overall, documents: ordered,
            codeFrequency: counts(frequency), codeByRole: counts(byRole),
            participants: speakers.keys.sorted().flatMap { site in
                (speakers[site] ?? [:]).sorted { $0.key < $1.key }.map {
                    SpeakerCount(siteID: site, role: $0.key, speakers: $0.value.count)
                }
            },
            participantTotals: speakers.values.reduce(into: [String: Set<String>]()) { totals, byRole in
                for (role, people) in byRole { totals[role, default: []].formUnion(people) }
            }.sorted { $0.key < $1.key }.map { SpeakerCount(siteID: "", role: $0.key, speakers: $0.value.count) },
            ruleCounts: rules.sorted { $0.key < $1.key }.map { RuleCount(ruleID: $0.key, hits: $0.value) },
            segments: segments, presence: presence, unlistedCodes: unlistedCodes.sorted(), warnings: warnings,
            excludedRoles: excludedRoles.sorted(),
            observationDataTypes: observationDataTypes.sorted(),
            quotesPerCell: quotesPerCell, spilledRows: rows.file == nil ? nil : rows.flushed())
    }
}
