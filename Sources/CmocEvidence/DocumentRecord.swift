import CmocModel

/// What evidence takes from one document: turn metadata, hit references with their excerpts, and
/// per-CMOC segments and configurations, without the text. `EvidenceBuilder.prepare` makes it,
/// `add` folds it into the running cells and lets it go.
struct DocumentRecord: Sendable, Hashable {
    struct TurnRecord: Sendable, Hashable {
        var index: Int
        var speaker: String?
        var role: String
        var start: Double?
        /// Codes with a supporting hit in this turn, sorted.
        var supportingCodes: [String]
        /// Codes with any hit in this turn, sorted.
        var codedCodes: [String]
        /// `codedCodes` as a mask of `CodeTable` numbers, when it can be one.
        var codedMask: UInt64? = nil
    }

    struct HitRecord: Sendable, Hashable {
        var turnIndex: Int
        var codeID: String
        var ruleID: String
        var span: ByteSpan
        var direction: Direction
        /// Whether the codebook lists the code.
        var known = true
        /// Where the excerpt's UTF-8 bytes are in `DocumentRecord.hitExcerpts`.
        var excerpt: Range<Int>
        /// The code's number in the run's `CodeTable`, or -1 when the table does not have it.
        var code = -1

        /// Row order: by turn, start, end, code, rule and direction, compared field by field (the
        /// order of comparing those as a tuple, without a tuple of Strings per comparison).
        static func precedes(_ a: HitRecord, _ b: HitRecord) -> Bool {
            if a.turnIndex != b.turnIndex { return a.turnIndex < b.turnIndex }
            if a.span.start != b.span.start { return a.span.start < b.span.start }
            if a.span.end != b.span.end { return a.span.end < b.span.end }
            if a.codeID != b.codeID { return a.codeID < b.codeID }
            if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
            return a.direction.rawValue < b.direction.rawValue
        }
    }

    /// One turn's evidence for one CMOC.
    struct SegmentRecord: Sendable, Hashable {
        var turnIndex: Int
        var supports: [Component]
        var refutes: Bool
        var tentative: Bool
        var codes: [String]
        /// Whether the segment has refuting hits to quote.
        var hasRefutingExcerpt: Bool
        var tier: QuoteTier
        /// The stretch a quote of the segment highlights: its supporting hits, else its refuting, else
        /// its other hits (UTF-8 offsets in the turn's text).
        var quoteSpan: ByteSpan? = nil
        /// The stretch of its refuting hits, quoted in a refuting quote.
        var refuteSpan: ByteSpan? = nil
    }

    struct CMOCRecord: Sendable, Hashable {
        var segments: [SegmentRecord]
        var full: [Configuration]
        var partial: [Configuration]
    }

    var id: String
    var site: String
    var dataType: String
    var format: String
    var turns: [TurnRecord]
    var hits: [HitRecord]
    /// The hits' excerpts, back to back (each hit knows its range).
    var hitExcerpts: [UInt8] = []
    var cmocs: [CMOCRecord]
    var warnings: [Diagnostic]
    /// Hits and hits per rule, kept once `hits` is released into the row store.
    var hitCount = 0
    var ruleHits: [String: Int] = [:]
    /// What the tables need of all turns, kept once `turns` is cut down to the turns segments point at.
    var turnCount = 0
    /// Distinct roles of the turns.
    var roles: Set<String> = []
    /// Distinct speakers per role.
    var speakersByRole: [String: Set<String>] = [:]
    /// Coded turns (any direction) per code and role.
    var codedByRole: [String: [String: Int]] = [:]

    /// The turn with this index: direct when indices run 0, 1, 2…, else a binary search (turns are sorted).
    func turn(_ index: Int) -> TurnRecord? { turnPosition(index).map { turns[$0] } }

    /// Where the turn with this index is in `turns` (read its fields there: no copy of the record).
    func turnPosition(_ index: Int) -> Int? {
        if index >= 0, index < turns.count, turns[index].index == index { return index }
        var low = 0
        var high = turns.count
        while low < high {
            let middle = (low + high) / 2
            if turns[middle].index < index { low = middle + 1 } else { high = middle }
        }
        return low < turns.count && turns[low].index == index ? low : nil
    }
}

extension DocumentRecord {
    /// Reduces a coded document to its record: validates hits, cuts excerpts, classifies each hit
    /// for each CMOC and finds configurations.
    init(
        _ coded: CodedDocument, cmocs: [CMOCDefinition], knownCodes: Set<String>, policy: EvidencePolicy,
        relevance: CMOCRelevance? = nil
    ) {
        let relevance = relevance ?? CMOCRelevance(cmocs)
        self.init(
            coded, cmocs: cmocs, policy: policy,
            codes: CodeTable(knownCodes: knownCodes, relevance: relevance, codeKinds: [:]))
    }

    /// The same record, the codes looked up in `table` (made once per run by the `Preparer`).
    init(_ coded: CodedDocument, cmocs: [CMOCDefinition], policy: EvidencePolicy, codes table: CodeTable) {
        let unknownRole = policy.unknownRole
        let document = coded.document
        var warnings: [Diagnostic] = []
        let byIndex = TurnIndexTable(document.turns.map(\.index))

        var hits: [HitRecord] = []
        hits.reserveCapacity(coded.hits.count)
        var hitExcerpts: [UInt8] = []
        // Hits in one sentence share their excerpt's text (only the highlight, not stored here, differs).
        var lastExcerpt: (position: Int, cut: Excerpt.Cut, range: Range<Int>)?
        // A run of hits of one code looks the code up once: its number in the table (-1: none) and
        // whether the codebook lists it.
        var lastCode: (id: String, number: Int, known: Bool)?
        // Hits per rule, counted a run of one rule at a time (the coder gives a rule's hits together),
        // so the table is hashed once per run, not once per hit.
        var ruleHits: [String: Int] = [:]
        var runRule: String?
        var runLength = 0
        let all = coded.hits
        var next = 0
        while next < all.count {
            guard all[next].documentID == document.id else {
                warnings.append(
                    EvidenceProblem.hitOutsideDocument(documentID: document.id, hitDocumentID: all[next].documentID)
                        .diagnostic())
                next += 1
                continue
            }
            let turnIndex = all[next].turnIndex
            guard let position = byIndex.position(of: turnIndex) else {
                warnings.append(EvidenceProblem.hitTurnMissing(documentID: document.id, turnIndex: turnIndex).diagnostic())
                next += 1
                continue
            }
            // The run of hits in this turn (the coder gives a turn's hits together) reads the turn's
            // text in place, without a copy of its bytes.
            var text = document.turns[position].text
            text.withUTF8 { bytes in
                repeat {
                    let hit = all[next]
                    next += 1
                    var span = hit.span
                    if span.start < 0 || span.end > bytes.count || span.start > span.end {
                        warnings.append(
                            EvidenceProblem.hitSpanOutsideTurn(documentID: document.id, turnIndex: hit.turnIndex)
                                .diagnostic())
                        let start = min(max(span.start, 0), bytes.count)
                        span = ByteSpan(start, min(max(span.end, start), bytes.count))
                    }
                    let code: (id: String, number: Int, known: Bool)
                    if let last = lastCode, last.id == hit.codeID {
                        code = last
                    } else if let number = table.number(of: hit.codeID) {
                        code = (hit.codeID, number, table.known[number])
                    } else {
                        code = (hit.codeID, -1, false)
                    }
                    lastCode = code
                    if !code.known {
                        warnings.append(
                            EvidenceProblem.hitUnknownCode(documentID: document.id, turnIndex: hit.turnIndex, code: hit.codeID)
                                .diagnostic())
                    }
                    let cut = Excerpt.Cut(text: bytes, hit: span, limit: Excerpt.defaultLimit)
                    let excerpt: Range<Int>
                    if let last = lastExcerpt, last.position == position, last.cut.sameText(as: cut) {
                        excerpt = last.range
                    } else {
                        let start = hitExcerpts.count
                        _ = Excerpt.append(cut, of: bytes, to: &hitExcerpts)
                        excerpt = start..<hitExcerpts.count
                        lastExcerpt = (position, cut, excerpt)
                    }
                    hits.append(
                        HitRecord(
                            turnIndex: hit.turnIndex, codeID: hit.codeID, ruleID: hit.ruleID, span: span,
                            direction: hit.direction, known: code.known, excerpt: excerpt, code: code.number))
                    if runRule == hit.ruleID {
                        runLength += 1
                    } else {
                        if let rule = runRule { ruleHits[rule, default: 0] += runLength }
                        runRule = hit.ruleID
                        runLength = 1
                    }
                } while next < all.count && all[next].turnIndex == turnIndex && all[next].documentID == document.id
            }
        }
        if let rule = runRule { ruleHits[rule, default: 0] += runLength }
        // The coder mostly gives hits in this order already: checked in one pass before sorting.
        if !hits.isSorted(by: HitRecord.precedes) { hits.sort(by: HitRecord.precedes) }

        // Codes per turn index (every turn with that index gets them) as masks of code numbers: read
        // bit by bit they are the sorted lists. A turn with a code the masks cannot hold (not in the
        // table, or past its width) gets its lists from the strings instead.
        var supportingMasks = [UInt64](repeating: 0, count: byIndex.slots)
        var codedMasks = [UInt64](repeating: 0, count: byIndex.slots)
        var byString: [Bool] = []
        for hit in hits {
            guard let slot = byIndex.slot(of: hit.turnIndex) else { continue }
            if let bit = CodeTable.bit(hit.code) {
                codedMasks[slot] |= bit
                if hit.direction == .supports { supportingMasks[slot] |= bit }
            } else {
                if byString.isEmpty { byString = [Bool](repeating: false, count: byIndex.slots) }
                byString[slot] = true
            }
        }
        var supporting: [[String]] = []
        var codedCodes: [[String]] = []
        if !byString.isEmpty {
            supporting = [[String]](repeating: [], count: byIndex.slots)
            codedCodes = [[String]](repeating: [], count: byIndex.slots)
            for hit in hits {
                guard let slot = byIndex.slot(of: hit.turnIndex), byString[slot] else { continue }
                if !codedCodes[slot].contains(hit.codeID) { codedCodes[slot].append(hit.codeID) }
                if hit.direction == .supports, !supporting[slot].contains(hit.codeID) { supporting[slot].append(hit.codeID) }
            }
        }
        var turns: [TurnRecord] = []
        turns.reserveCapacity(document.turns.count)
        for turn in document.turns {
            var record = TurnRecord(
                index: turn.index, speaker: turn.speaker, role: turn.role ?? unknownRole, start: turn.start,
                supportingCodes: [], codedCodes: [])
            if let slot = byIndex.slot(of: turn.index) {
                if !byString.isEmpty, byString[slot] {
                    record.supportingCodes = supporting[slot].sortedIfNeeded()
                    record.codedCodes = codedCodes[slot].sortedIfNeeded()
                } else {
                    record.supportingCodes = table.ids(in: supportingMasks[slot])
                    record.codedCodes = table.ids(in: codedMasks[slot])
                    record.codedMask = codedMasks[slot]
                }
            }
            turns.append(record)
        }
        // Role and speaker per turn index: the first turn with that index.
        var people = [(role: String, speaker: String?)?](repeating: nil, count: byIndex.slots)
        for turn in turns {
            guard let slot = byIndex.slot(of: turn.index), people[slot] == nil else { continue }
            people[slot] = (turn.role, turn.speaker)
        }
        if !turns.isSorted(by: { $0.index < $1.index }) { turns.sort { $0.index < $1.index } }

        // Each evidence hit, filed under the CMOCs its code belongs to (its number indexes them).
        var relevant = [[(hit: Int, component: Component?)]](repeating: [], count: cmocs.count)
        // Whether a role's hits are evidence, asked once per role (a document has a handful), and
        // for a run of hits in one turn only once: no set hashed per hit.
        var evidenceRoles: [(role: String, counts: Bool)] = []
        var lastTurn: (index: Int, counts: Bool)?
        for index in hits.indices {
            let turnIndex = hits[index].turnIndex
            let counts: Bool
            if let last = lastTurn, last.index == turnIndex {
                counts = last.counts
            } else {
                let role = byIndex.slot(of: turnIndex).flatMap { people[$0]?.role } ?? unknownRole
                if let known = evidenceRoles.first(where: { $0.role == role }) {
                    counts = known.counts
                } else {
                    counts = policy.countsAsEvidence(role: role, dataType: document.dataType)
                    evidenceRoles.append((role, counts))
                }
                lastTurn = (turnIndex, counts)
            }
            guard counts else { continue }
            let number = hits[index].code
            guard number >= 0 else { continue }
            for (cmoc, component) in table.cmocs[number] where cmoc < relevant.count {
                relevant[cmoc].append((index, component))
            }
        }
        let records = cmocs.indices.map { index in
            DocumentRecord.evidence(
                for: cmocs[index], documentID: document.id, site: document.site, hits: hits, considering: relevant[index]
            ) { turnIndex in byIndex.slot(of: turnIndex).flatMap { people[$0] } }
        }

        self.init(
            id: document.id, site: document.site, dataType: document.dataType, format: document.format,
            turns: turns, hits: hits, hitExcerpts: hitExcerpts, cmocs: records, warnings: warnings)
        self.hitCount = hits.count
        self.ruleHits = ruleHits
    }

    /// Classifies hits for one CMOC (supporting C/M/O, refuting, tentative), groups them by turn and
    /// finds configurations.
    /// `considering`: the evidence hits whose code is one of the CMOC's (its C, M or O codes, with
    /// the part, or a counter-evidence code, with nil), in hit order.
    static func evidence(
        for cmoc: CMOCDefinition, documentID: String, site: String, hits: [HitRecord],
        considering relevant: [(hit: Int, component: Component?)],
        person: (Int) -> (role: String, speaker: String?)?
    ) -> CMOCRecord {
        // Hits come sorted by turn, so a turn's hits are consecutive: segments are built in turn
        // order, each with the stretch its supporting, refuting and other hits cover.
        var segments: [SegmentRecord] = []
        var spans: [(support: ByteSpan?, refute: ByteSpan?, other: ByteSpan?)] = []
        segments.reserveCapacity(relevant.count)
        spans.reserveCapacity(relevant.count)
        func widen(_ current: ByteSpan?, _ span: ByteSpan) -> ByteSpan {
            guard let current else { return span }
            return ByteSpan(min(current.start, span.start), max(current.end, span.end))
        }
        for (index, component) in relevant {
            // The hit's fields are read in place (a copy of the record would retain its two strings).
            let direction = hits[index].direction
            let turnIndex = hits[index].turnIndex
            let span = hits[index].span
            // A denied counter-evidence code neither supports nor refutes the CMOC.
            if direction == .negated && component == nil { continue }
            if segments.last?.turnIndex != turnIndex {
                segments.append(
                    SegmentRecord(
                        turnIndex: turnIndex, supports: [], refutes: false, tentative: false, codes: [],
                        hasRefutingExcerpt: false, tier: .isolated))
                spans.append((nil, nil, nil))
            }
            let last = segments.count - 1
            switch (direction, component) {
            case (.supports, let part?):
                if !segments[last].supports.contains(part) { segments[last].supports.append(part) }
                spans[last].support = widen(spans[last].support, span)
            case (.tentative, _):
                segments[last].tentative = true
                spans[last].other = widen(spans[last].other, span)
            default:  // a supported counter-evidence code, or a negated C/M/O code
                segments[last].refutes = true
                spans[last].refute = widen(spans[last].refute, span)
            }
            if !segments[last].codes.contains(hits[index].codeID) { segments[last].codes.append(hits[index].codeID) }
        }

        let marked = segments.map {
            ConfigurationFinder.MaskedTurn(index: $0.turnIndex, mask: ComponentMask.of($0.supports))
        }
        let found = ConfigurationFinder.find(masked: marked, window: cmoc.window)
        for position in segments.indices {
            // Most segments have one part and one code: nothing to sort.
            if segments[position].supports.count > 1 { segments[position].supports.sort() }
            if segments[position].codes.count > 1 { segments[position].codes.sort() }
            // Only the spans are kept: the few segments that can become quotes get their excerpts
            // later (`quoteExcerpts`), not every segment.
            segments[position].quoteSpan = spans[position].support ?? spans[position].refute ?? spans[position].other
            segments[position].refuteSpan = spans[position].refute
            segments[position].hasRefutingExcerpt = spans[position].refute != nil
        }
        let full = members(of: found.full, in: segments)
        let partial = members(of: found.partial, in: segments)
        for position in partial.joined() { segments[position].tier = .partial }
        for position in full.joined() { segments[position].tier = .full }

        func configurations(_ found: [ConfigurationFinder.Found], _ members: [[Int]]) -> [Configuration] {
            zip(found, members).map { found, positions in
                let people = positions.compactMap { person(segments[$0].turnIndex) }
                return Configuration(
                    siteID: site, documentID: documentID, firstTurn: found.first, lastTurn: found.last,
                    components: found.components.sorted(), roles: Set(people.map(\.role)).sorted(),
                    speakers: Set(people.compactMap(\.speaker)).sorted())
            }
        }
        return CMOCRecord(
            segments: segments, full: configurations(found.full, full), partial: configurations(found.partial, partial))
    }

    /// Positions in `segments` (sorted by turn) of the supporting segments inside each configuration
    /// (sorted and disjoint), found with one forward pass.
    static func members(of found: [ConfigurationFinder.Found], in segments: [SegmentRecord]) -> [[Int]] {
        var position = 0
        return found.map { configuration in
            while position < segments.count, segments[position].turnIndex < configuration.first { position += 1 }
            var inside: [Int] = []
            var scan = position
            while scan < segments.count, segments[scan].turnIndex <= configuration.last {
                if !segments[scan].supports.isEmpty { inside.append(scan) }
                scan += 1
            }
            return inside
        }
    }
}

/// Which CMOCs each code takes part in, and as which part: looked up once per hit instead of
/// searching every CMOC's code lists for every hit.
struct CMOCRelevance: Sendable {
    /// Code id -> (CMOC index, its part; nil for a counter-evidence code), CMOCs in order.
    let byCode: [String: [(cmoc: Int, component: Component?)]]

    init(_ cmocs: [CMOCDefinition]) {
        var table: [String: [(cmoc: Int, component: Component?)]] = [:]
        for (index, cmoc) in cmocs.enumerated() {
            let codes = cmoc.context + cmoc.mechanism + cmoc.outcome + cmoc.counterEvidence
            var seen = Set<String>()
            for code in codes where seen.insert(code).inserted {
                table[code, default: []].append((index, cmoc.component(of: code)))
            }
        }
        byCode = table
    }
}

/// Where each turn index is in a document's turns: direct when the indices run 0, 1, 2… (as the
/// segmenter numbers them), else through a table. `slot` numbers distinct indices for per-index
/// arrays; `position` is the first turn with the index.
struct TurnIndexTable {
    private let direct: Bool
    private let count: Int
    private let slots_: [Int: Int]
    private let positions: [Int]

    init(_ indices: [Int]) {
        count = indices.count
        direct = indices.enumerated().allSatisfy { $0.offset == $0.element }
        var slots: [Int: Int] = [:]
        var positions: [Int] = []
        if !direct {
            for (position, index) in indices.enumerated() where slots[index] == nil {
                slots[index] = positions.count
                positions.append(position)
            }
        }
        slots_ = slots
        self.positions = positions
    }

    /// Number of distinct turn indices.
    var slots: Int { direct ? count : positions.count }

    func slot(of index: Int) -> Int? {
        if direct { return index >= 0 && index < count ? index : nil }
        return slots_[index]
    }

    func position(of index: Int) -> Int? {
        guard let slot = slot(of: index) else { return nil }
        return direct ? slot : positions[slot]
    }
}

extension Array {
    /// Whether every element is in order after the one before it (no pair out of `isLess` order):
    /// then a stable sort would leave the array as it is.
    func isSorted(by isLess: (Element, Element) -> Bool) -> Bool {
        guard count > 1 else { return true }
        for index in 1..<count where isLess(self[index], self[index - 1]) { return false }
        return true
    }
}

extension Array where Element: Comparable {
    /// `sorted()`, without a new array for the empty and one-element lists most turns have.
    func sortedIfNeeded() -> [Element] { count > 1 ? sorted() : self }
}
