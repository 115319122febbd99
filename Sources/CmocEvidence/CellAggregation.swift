import CmocModel

/// Sums one CMOC's evidence over documents (one site, or all sites) into a matrix cell, a document
/// at a time: running totals, the sets triangulation needs, configurations, and only the quote
/// candidates that can still be chosen. Memory follows the evidence and the number of people and
/// roles, not the number of documents.
struct CellAccumulator: Sendable {
    /// What selection needs of a candidate quote and the quote itself without its excerpt (looked up
    /// only for the few chosen).
    struct QuoteSource: Sendable {
        var quote: Quote
        /// The segment's position in its document's CMOC record (where its excerpt is stored).
        var segment: Int
    }
    typealias Candidate = QuoteSelection.Candidate<QuoteSource>

    let cmocIndex: Int
    let quotesPerCell: Int
    let policy: EvidencePolicy
    private var supporting = 0
    /// Supporting segments per part, indexed by `Component.order`.
    private var parts = [Int](repeating: 0, count: Component.allCases.count)
    private var refuting = 0
    private var tentative = 0
    /// Configurations with the document they come from and their position in it, sorted at `finish`.
    private var full: [(document: String, position: Int, configuration: Configuration)] = []
    private var partial: [(document: String, position: Int, configuration: Configuration)] = []
    private var documents = 0
    private var sites = Set<String>()
    private var speakers = Set<String>()
    private var roles = Set<String>()
    private var dataTypes = Set<String>()
    private var refutingRoles = Set<String>()
    private var partialRoles = Set<String>()
    private var evidencedDataTypes = Set<String>()
    private var presentRoles = Set<String>()
    private var presentDataTypes = Set<String>()
    private var quoteCandidates: QuoteSelection.Shortlist<QuoteSource>
    private var refutingCandidates: QuoteSelection.Shortlist<QuoteSource>

    init(cmocIndex: Int, quotesPerCell: Int, policy: EvidencePolicy) {
        self.cmocIndex = cmocIndex
        self.quotesPerCell = quotesPerCell
        self.policy = policy
        quoteCandidates = .init(limit: quotesPerCell)
        refutingCandidates = .init(limit: quotesPerCell)
    }

    /// Adds one document's evidence for this cell's CMOC (each document once).
    mutating func add(_ record: DocumentRecord) {
        presentDataTypes.insert(record.dataType)
        for role in record.roles where policy.isStakeholderGroup(role) { presentRoles.insert(role) }
        let evidence = record.cmocs[cmocIndex]
        var supportsHere = false
        var refutesHere = false
        // Consecutive segments mostly share speaker and role: a set is only touched when they change.
        var lastSpeaker: String?
        var lastRole: String?
        // A document's segments come in strictly increasing turn order, so into an empty shortlist
        // the first `quotesPerCell` of a tier and role are kept and every later one would be the
        // greatest of its group and dropped at once: those are not built (counts per tier and role).
        var kept = ShortlistFill(fresh: quoteCandidates.isEmpty, limit: quotesPerCell)
        var keptRefuting = ShortlistFill(fresh: refutingCandidates.isEmpty, limit: quotesPerCell)
        // Segments and turns are read in place (no copy of a record per segment: each would retain
        // its strings and arrays).
        for segmentIndex in evidence.segments.indices {
            guard let position = record.turnPosition(evidence.segments[segmentIndex].turnIndex) else { continue }
            let role = record.turns[position].role
            func candidate(_ tier: QuoteTier, refuting: Bool) -> Candidate {
                let turn = record.turns[position]
                let segment = evidence.segments[segmentIndex]
                return Candidate(
                    tier: tier, role: turn.role, documentID: record.id, turnIndex: turn.index, siteID: record.site,
                    payload: QuoteSource(
                        quote: Quote(
                            siteID: record.site, documentID: record.id, turnIndex: turn.index, speaker: turn.speaker,
                            role: turn.role, start: turn.start, excerpt: "", highlight: ByteSpan(0, 0),
                            components: refuting ? [] : segment.supports, codes: segment.codes, tier: tier),
                        segment: segmentIndex))
            }
            if evidence.segments[segmentIndex].tentative { tentative += 1 }
            if evidence.segments[segmentIndex].refutes {
                refuting += 1
                refutingRoles.insert(role)
                refutesHere = true
                if evidence.segments[segmentIndex].hasRefutingExcerpt, keptRefuting.admits(.isolated, role) {
                    refutingCandidates.insert(candidate(.isolated, refuting: true))
                }
            }
            guard !evidence.segments[segmentIndex].supports.isEmpty else { continue }
            supporting += 1
            supportsHere = true
            for part in evidence.segments[segmentIndex].supports { parts[part.order] += 1 }
            if let speaker = record.turns[position].speaker, speaker != lastSpeaker {
                speakers.insert(speaker)
                lastSpeaker = speaker
            }
            if role != lastRole {
                roles.insert(role)
                lastRole = role
            }
            let tier = evidence.segments[segmentIndex].tier
            if kept.admits(tier, role) { quoteCandidates.insert(candidate(tier, refuting: false)) }
        }
        if supportsHere {
            documents += 1
            sites.insert(record.site)
            dataTypes.insert(record.dataType)
        }
        if supportsHere || refutesHere { evidencedDataTypes.insert(record.dataType) }
        for (position, found) in evidence.full.enumerated() { full.append((record.id, position, found)) }
        for (position, found) in evidence.partial.enumerated() {
            partialRoles.formUnion(found.roles)
            partial.append((record.id, position, found))
        }
    }

    /// Positions (in their documents' CMOC records) of the segments still on a quote shortlist: the
    /// only ones whose excerpts can be asked for (a document's own cell: its segments that need one).
    var shortlistedSegments: [Int] {
        quoteCandidates.candidates.map(\.payload.segment) + refutingCandidates.candidates.map(\.payload.segment)
    }

    /// Adds another part of the same CMOC's evidence (other documents: a document's own part,
    /// computed apart, folded into a site's or the corpus's running cell).
    mutating func merge(_ other: CellAccumulator) {
        supporting += other.supporting
        for (part, count) in other.parts.enumerated() where part < parts.count { parts[part] += count }
        refuting += other.refuting
        tentative += other.tentative
        full += other.full
        partial += other.partial
        documents += other.documents
        sites.formUnion(other.sites)
        speakers.formUnion(other.speakers)
        roles.formUnion(other.roles)
        dataTypes.formUnion(other.dataTypes)
        refutingRoles.formUnion(other.refutingRoles)
        partialRoles.formUnion(other.partialRoles)
        evidencedDataTypes.formUnion(other.evidencedDataTypes)
        presentRoles.formUnion(other.presentRoles)
        presentDataTypes.formUnion(other.presentDataTypes)
        quoteCandidates.merge(other.quoteCandidates)
        refutingCandidates.merge(other.refutingCandidates)
    }

    /// The cell; `excerpts` gives a document's stored excerpts (per CMOC, per segment: supporting
    /// and refuting), nil when they cannot be read (the quote then shows no text).
    func finish(
        cmoc: CMOCDefinition, siteID: String?, excerpts: (String) -> [[(Excerpt.Text, Excerpt.Text?)]]?
    ) -> CellEvidence {
        let full = self.full.sorted { ($0.document, $0.position) < ($1.document, $1.position) }.map(\.configuration)
        let partial = self.partial.sorted { ($0.document, $0.position) < ($1.document, $1.position) }
            .map(\.configuration)
        let groups = roles.filter(policy.isStakeholderGroup)
        let inputs = GradeInputs(
            supporting: supporting, refuting: refuting, fullConfigurations: full.count,
            partialConfigurations: partial.count, supportingGroups: groups.count,
            partialGroups: partialRoles.filter(policy.isStakeholderGroup).count)
        let decision = Grading.grade(inputs)
        let evidencedRoles = roles.union(refutingRoles)

        func quote(_ source: QuoteSource, refuting: Bool) -> Quote? {
            var quote = source.quote
            var texts: (Excerpt.Text, Excerpt.Text?)?
            if let all = excerpts(quote.documentID), cmocIndex < all.count, source.segment < all[cmocIndex].count {
                texts = all[cmocIndex][source.segment]
            }
            let chosen: Excerpt.Text
            if refuting {
                guard let text = texts?.1 else { return nil }
                chosen = text
            } else {
                chosen = texts?.0 ?? Excerpt.Text(text: "", highlight: ByteSpan(0, 0))
            }
            quote.excerpt = chosen.text
            quote.highlight = chosen.highlight
            return quote
        }
        return CellEvidence(
            cmocID: cmoc.id, siteID: siteID, supportingSegments: supporting,
            contextSegments: parts[Component.context.order], mechanismSegments: parts[Component.mechanism.order],
            outcomeSegments: parts[Component.outcome.order], refutingSegments: refuting, tentativeSegments: tentative,
            fullConfigurations: full, partialConfigurations: partial, documents: documents,
            sites: sites.count, speakers: speakers.count, roles: roles.sorted(), dataTypes: dataTypes.sorted(),
            refutingRoles: refutingRoles.sorted(),
            gaps: Gaps(
                roles: presentRoles.subtracting(evidencedRoles).sorted(),
                dataTypes: presentDataTypes.subtracting(evidencedDataTypes).sorted()),
            grade: decision.grade, gradeRule: decision.rule,
            quotes: QuoteSelection.select(quoteCandidates.candidates, count: quotesPerCell).compactMap {
                quote($0.payload, refuting: false)
            },
            refutingQuotes: QuoteSelection.select(refutingCandidates.candidates, count: quotesPerCell)
                .compactMap { quote($0.payload, refuting: true) })
    }
}

/// Counts the candidates one document gives each (tier, role) group of a shortlist, to skip those an
/// empty shortlist would drop at once (see `CellAccumulator.add`). A document has a handful of
/// roles: a list searched in order is enough. Not fresh: every candidate is admitted.
struct ShortlistFill {
    let fresh: Bool
    let limit: Int
    private var counts: [(tier: QuoteTier, role: String, count: Int)] = []

    init(fresh: Bool, limit: Int) {
        self.fresh = fresh
        self.limit = limit
    }

    /// Whether a candidate of `tier` and `role` can still be kept (and counts it).
    mutating func admits(_ tier: QuoteTier, _ role: String) -> Bool {
        guard fresh else { return true }
        guard let index = counts.firstIndex(where: { $0.tier == tier && $0.role == role }) else {
            counts.append((tier, role, 1))
            return true
        }
        guard counts[index].count < limit else { return false }
        counts[index].count += 1
        return true
    }
}
