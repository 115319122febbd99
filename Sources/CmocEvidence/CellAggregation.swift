import CmocModel

/// Sums one CMOC's evidence over a set of document records (one site, or all sites) into a matrix cell.
enum CellAggregation {
    /// A document's quotable excerpts, per CMOC and segment (supporting, refuting); nil when unreadable.
    typealias Texts = (DocumentRecord) -> [[(Excerpt.Text, Excerpt.Text?)]]?

    /// `records` must be sorted by document id; `siteID` nil means "all sites". `texts` gives the
    /// excerpts of the chosen quotes (records keep none); without it, the records' own are used.
    static func cell(
        cmocIndex: Int, cmoc: CMOCDefinition, records: [DocumentRecord], siteID: String?,
        policy: EvidencePolicy, quotesPerCell: Int, texts: Texts? = nil
    ) -> CellEvidence {
        var supporting = 0
        var parts: [Component: Int] = [:]
        var refuting = 0
        var tentative = 0
        var full: [Configuration] = []
        var partial: [Configuration] = []
        var documents = Set<String>()
        var sites = Set<String>()
        var speakers = Set<String>()
        var roles = Set<String>()
        var dataTypes = Set<String>()
        var refutingRoles = Set<String>()
        var partialRoles = Set<String>()
        var evidencedDataTypes = Set<String>()
        var presentRoles = Set<String>()
        var presentDataTypes = Set<String>()
        typealias Candidate = QuoteSelection.Candidate<(record: Int, segment: Int)>
        var quoteCandidates: [Candidate] = []
        var refutingCandidates: [Candidate] = []

        for (recordIndex, record) in records.enumerated() {
            presentDataTypes.insert(record.dataType)
            for role in record.roles where policy.isStakeholderGroup(role) {
                presentRoles.insert(role)
            }
            let evidence = record.cmocs[cmocIndex]
            for (segmentIndex, segment) in evidence.segments.enumerated() {
                guard let turn = record.turn(segment.turnIndex) else { continue }
                func candidate(_ tier: QuoteTier) -> Candidate {
                    Candidate(
                        tier: tier, role: turn.role, documentID: record.id, turnIndex: turn.index, siteID: record.site,
                        payload: (recordIndex, segmentIndex))
                }
                if segment.tentative { tentative += 1 }
                if segment.refutes {
                    refuting += 1
                    refutingRoles.insert(turn.role)
                    evidencedDataTypes.insert(record.dataType)
                    if segment.hasRefutingExcerpt { refutingCandidates.append(candidate(.isolated)) }
                }
                guard !segment.supports.isEmpty else { continue }
                supporting += 1
                for part in segment.supports { parts[part, default: 0] += 1 }
                documents.insert(record.id)
                sites.insert(record.site)
                if let speaker = turn.speaker { speakers.insert(speaker) }
                roles.insert(turn.role)
                dataTypes.insert(record.dataType)
                evidencedDataTypes.insert(record.dataType)
                quoteCandidates.append(candidate(segment.tier))
            }
            full += evidence.full
            for found in evidence.partial { partialRoles.formUnion(found.roles) }
            partial += evidence.partial
        }

        let groups = roles.filter(policy.isStakeholderGroup)
        let inputs = GradeInputs(
            supporting: supporting, refuting: refuting, fullConfigurations: full.count,
            partialConfigurations: partial.count, supportingGroups: groups.count,
            partialGroups: partialRoles.filter(policy.isStakeholderGroup).count)
        let decision = Grading.grade(inputs)
        let evidencedRoles = roles.union(refutingRoles)
        return CellEvidence(
            cmocID: cmoc.id, siteID: siteID, supportingSegments: supporting,
            contextSegments: parts[.context] ?? 0, mechanismSegments: parts[.mechanism] ?? 0,
            outcomeSegments: parts[.outcome] ?? 0, refutingSegments: refuting, tentativeSegments: tentative,
            fullConfigurations: full, partialConfigurations: partial, documents: documents.count,
            sites: sites.count, speakers: speakers.count, roles: roles.sorted(), dataTypes: dataTypes.sorted(),
            refutingRoles: refutingRoles.sorted(),
            gaps: Gaps(
                roles: presentRoles.subtracting(evidencedRoles).sorted(),
                dataTypes: presentDataTypes.subtracting(evidencedDataTypes).sorted()),
            grade: decision.grade, gradeRule: decision.rule,
            quotes: QuoteSelection.select(quoteCandidates, count: quotesPerCell).compactMap { chosen in
                quote(records, cmocIndex, chosen.payload, refuting: false, texts: texts)
            },
            refutingQuotes: QuoteSelection.select(refutingCandidates, count: quotesPerCell).compactMap { chosen in
                quote(records, cmocIndex, chosen.payload, refuting: true, texts: texts)
            })
    }

    /// The quote for a chosen candidate: the supporting excerpt, or the refuting one.
    static func quote(
        _ records: [DocumentRecord], _ cmocIndex: Int, _ at: (record: Int, segment: Int), refuting: Bool,
        texts: Texts?
    ) -> Quote? {
        let record = records[at.record]
        let segment = record.cmocs[cmocIndex].segments[at.segment]
        guard let turn = record.turn(segment.turnIndex) else { return nil }
        let kept = record.cmocs[cmocIndex].texts
        var chosen = at.segment < kept.count ? kept[at.segment] : nil
        if let texts, let all = texts(record), cmocIndex < all.count, at.segment < all[cmocIndex].count {
            chosen = DocumentRecord.SegmentTexts(
                excerpt: all[cmocIndex][at.segment].0, refuting: all[cmocIndex][at.segment].1)
        }
        // An unreadable store is warned about by the caller; the quote then shows no text.
        let excerpt = chosen ?? DocumentRecord.SegmentTexts(excerpt: Excerpt.Text(text: "", highlight: ByteSpan(0, 0)))
        if refuting {
            guard let text = excerpt.refuting else { return nil }
            return quote(record, turn, segment, excerpt: text, components: [], tier: .isolated)
        }
        return quote(record, turn, segment, excerpt: excerpt.excerpt, components: segment.supports, tier: segment.tier)
    }

    static func quote(
        _ record: DocumentRecord, _ turn: DocumentRecord.TurnRecord, _ segment: DocumentRecord.SegmentRecord,
        excerpt: Excerpt.Text, components: [Component], tier: QuoteTier
    ) -> Quote {
        Quote(
            siteID: record.site, documentID: record.id, turnIndex: turn.index, speaker: turn.speaker,
            role: turn.role, start: turn.start, excerpt: excerpt.text, highlight: excerpt.highlight,
            components: components, codes: segment.codes, tier: tier)
    }
}
