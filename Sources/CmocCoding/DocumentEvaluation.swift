import CmocModel
import CmocText
import Foundation

/// Evaluates a ``CompiledCodebook`` on one document: one automaton pass per turn, then the
/// rules of the codes whose terms occurred (plus regex and code-reference codes), in
/// dependency order. Sentences, negation/hedge scopes and regex matches are computed lazily,
/// only for turns that need them. Hits accumulate in flat arrays of integers; `CodeHit`s are
/// made once, at the end. Per-turn facts (sentences, cue scopes, regex spans) live in one array per
/// kind for the whole document, each turn holding a range of it: no array is made or freed per turn.
struct DocumentEvaluation {
    /// A hit inside the evaluation: turn position (in `document.turns`), span and direction.
    struct Hit {
        var turn: Int
        var span: ByteSpan
        var direction: Direction
    }

    /// A hit of a code by a rule, before it becomes a `CodeHit`. Its sort key (turn, start, code id
    /// rank, end, rule) is packed into two integers and the rule, all non-negative, so ordering by
    /// them is ordering by the tuple (one or two integer compares per step of the sort).
    struct RawHit {
        /// turn << 32 | start
        var turnStart: UInt64
        /// codeRank << 32 | end
        var rankEnd: UInt64
        var rule: Int32
        var code: Int32
        var direction: Direction

        init(turn: Int, start: Int, end: Int, codeRank: Int32, code: Int, rule: Int, direction: Direction) {
            turnStart = UInt64(UInt32(turn)) << 32 | UInt64(UInt32(start))
            rankEnd = UInt64(UInt32(codeRank)) << 32 | UInt64(UInt32(end))
            self.rule = Int32(rule)
            self.code = Int32(code)
            self.direction = direction
        }

        var turn: Int { Int(turnStart >> 32) }
        var start: Int { Int(turnStart & 0xFFFF_FFFF) }
        var end: Int { Int(rankEnd & 0xFFFF_FFFF) }

        static func < (a: RawHit, b: RawHit) -> Bool {
            if a.turnStart != b.turnStart { return a.turnStart < b.turnStart }
            if a.rankEnd != b.rankEnd { return a.rankEnd < b.rankEnd }
            return a.rule < b.rule
        }
    }

    /// The segment a rule is evaluated on: turns `lo...hi` that the rule may read, or part of one turn.
    struct Unit {
        var lo: Int
        var hi: Int
        var range: Range<Int>?

        func contains(_ span: ByteSpan) -> Bool {
            guard let range else { return true }
            return span.start >= range.lowerBound && span.end <= range.upperBound
        }
    }

    let codebook: CompiledCodebook
    let document: SegmentedDocument
    let siteAttributes: [String: String]
    /// Whether to scan turns no rule reads too (for `explain`, which shows every turn's cue scopes).
    let scanAll: Bool
    /// Number of turns.
    private let turnCount: Int
    /// The distinct lower-cased speaker roles of the document, and each turn's index into them:
    /// a document has a handful of roles, so rule filters are decided once per role, not per turn.
    private let roleNames: [String?]
    private let roleOfTurn: [Int]
    /// Rule-term matches of all turns, turn by turn; `turnMatches[t]` is turn t's slice.
    private var matches: [TermMatcher.Match] = []
    private var turnMatches: [Range<Int>] = []
    /// Cue matches of all turns, turn by turn; `turnCues[t]` is turn t's slice.
    private var cues: [CueScopes.Cue] = []
    private var turnCues: [Range<Int>] = []
    /// Whether a turn has a negation or hedge trigger (terminators and pseudo-triggers alone
    /// leave every hit supporting, so its scopes need not be worked out).
    private var turnHasTrigger: [Bool] = []
    /// Sentences of the turns worked out so far: turn t's are `sentenceStore[sentenceSlice[t]]`.
    private var sentenceStore: [Range<Int>] = []
    private var sentenceSlice: [Range<Int>?]
    /// Cue scopes of the turns worked out so far: turn t's are `negationStore[scopeSlice[t].negations]`
    /// and `hedgeStore[scopeSlice[t].hedges]`.
    private var negationStore: [CueScopes.Scope] = []
    private var hedgeStore: [CueScopes.Scope] = []
    private var scopeSlice: [(negations: Range<Int>, hedges: Range<Int>)?]
    private var cueScratch: [CueScopes.Cue] = []
    /// Regex match spans worked out so far: regex r's in turn t are
    /// `regexStore[regexSlice[r * turnCount + t]]` (`regexSlice` is made when a regex is first used).
    private var regexStore: [ByteSpan] = []
    private var regexSlice: [Range<Int>?] = []
    /// Turns (ascending) where each triggered code's terms occur: code `ci`'s are
    /// `codeTurnList[codeTurnRange[ci]]` (empty range: not triggered).
    private var codeTurnList: [Int] = []
    private var codeTurnRange: [Range<Int>]
    /// Codes whose terms occurred, in no particular order.
    private var triggered: [Int] = []
    /// Hits of codes other codes read.
    private var codeHits: [Int: [Hit]] = [:]
    /// Which turns the rule being evaluated may read.
    private var allowedTurns: [Bool] = []
    /// Scratch for `evaluate`'s candidate turns.
    private var turnScratch: [Int] = []
    /// The same for rules without `speakers:` (everyone but interviewers and researchers).
    private var defaultAllowed: [Bool]?

    init(codebook: CompiledCodebook, document: SegmentedDocument, siteAttributes: [String: String], scanAll: Bool = false) {
        self.codebook = codebook
        self.document = document
        self.siteAttributes = siteAttributes
        self.scanAll = scanAll
        // Turns are read by index, field by field: iterating them would copy every Turn (five
        // strings retained and released per turn). Texts are read where they are used (`text(_:)`),
        // not copied into an array here: turns no rule reads are then never touched.
        let turns = document.turns
        turnCount = turns.count
        // Roles as written are few per document: lower-case each distinct one once.
        var written: [String?] = []
        var names: [String?] = []
        var roleOfTurn: [Int] = []
        roleOfTurn.reserveCapacity(turns.count)
        for position in turns.indices {
            let role = turns[position].role
            if let known = written.firstIndex(where: { $0 == role }) {
                roleOfTurn.append(known)
            } else {
                written.append(role)
                names.append(role?.lowercased())
                roleOfTurn.append(names.count - 1)
            }
        }
        roleNames = names
        self.roleOfTurn = roleOfTurn
        sentenceSlice = Array(repeating: nil, count: turns.count)
        scopeSlice = Array(repeating: nil, count: turns.count)
        codeTurnRange = Array(repeating: 0..<0, count: codebook.codes.count)
    }

    /// The text of turn `position` (a String shares its storage: no bytes are copied).
    @inline(__always)
    private func text(_ position: Int) -> String { document.turns[position].text }

    /// Turns (ascending) where code `ci`'s terms occur.
    private func codeTurns(_ ci: Int) -> ArraySlice<Int> { codeTurnList[codeTurnRange[ci]] }

    mutating func run() -> [CodeHit] {
        scanTurns()
        var candidates = triggered
        for ci in codebook.alwaysCandidates where codeTurnRange[ci].isEmpty { candidates.append(ci) }
        candidates.sort { codebook.topologicalRank[$0] < codebook.topologicalRank[$1] }
        var raw: [RawHit] = []
        var hits: [Hit] = []
        for ci in candidates {
            let code = codebook.codes[ci]
            let firstRaw = raw.count
            for (ri, rule) in code.rules.enumerated() {
                hits.removeAll(keepingCapacity: true)
                evaluate(rule, code: ci, into: &hits)
                for hit in hits {
                    raw.append(
                        RawHit(
                            turn: hit.turn, start: hit.span.start, end: hit.span.end, codeRank: codebook.idRank[ci],
                            code: ci, rule: ri, direction: hit.direction))
                }
            }
            if codebook.referenced[ci] {
                codeHits[ci] = raw[firstRaw...].map {
                    Hit(turn: $0.turn, span: ByteSpan($0.start, $0.end), direction: $0.direction)
                }
            }
        }
        // Ordered by turn first with a counting sort (stable, hits arrive code by code), then each
        // turn's few hits by insertion sort (stable): the same order as a stable sort on the whole key.
        raw = Self.sortedByTurn(raw, turnCount: turnCount)
        var result: [CodeHit] = []
        result.reserveCapacity(raw.count)
        var previous: RawHit?
        for hit in raw {
            if let p = previous, p.turnStart == hit.turnStart, p.code == hit.code, p.end == hit.end {
                continue
            }
            previous = hit
            let code = codebook.codes[Int(hit.code)]
            result.append(
                CodeHit(
                    documentID: document.id, turnIndex: document.turns[hit.turn].index, codeID: code.id,
                    ruleID: code.rules[Int(hit.rule)].ruleID, span: ByteSpan(hit.start, hit.end),
                    direction: hit.direction))
        }
        return result
    }

    /// `raw` in the order of a stable sort by `<`: bucketed by turn (counting sort), then each
    /// turn's hits sorted by insertion (a turn has a handful).
    static func sortedByTurn(_ raw: [RawHit], turnCount: Int) -> [RawHit] {
        guard raw.count > 1 else { return raw }
        var offsets = [Int](repeating: 0, count: turnCount + 1)
        for hit in raw { offsets[hit.turn + 1] += 1 }
        for t in 0..<turnCount { offsets[t + 1] += offsets[t] }
        var next = offsets
        var sorted = raw
        for hit in raw {
            sorted[next[hit.turn]] = hit
            next[hit.turn] += 1
        }
        for t in 0..<turnCount where offsets[t + 1] - offsets[t] > 1 {
            if offsets[t + 1] - offsets[t] > 32 {
                // A turn with many hits: the library's (stable) sort, as before.
                sorted[offsets[t]..<offsets[t + 1]].sort(by: <)
                continue
            }
            for i in (offsets[t] + 1)..<offsets[t + 1] {
                let hit = sorted[i]
                var j = i
                while j > offsets[t], hit < sorted[j - 1] {
                    sorted[j] = sorted[j - 1]
                    j -= 1
                }
                sorted[j] = hit
            }
        }
        return sorted
    }

    private mutating func scanTurns() {
        var scratch: [TermMatcher.Match] = []
        let ruleTerms = codebook.ruleTermCount
        // Turns no rule may read (interviewers' under the usual rules) are not scanned: every
        // rule operator reads only turns its rule allows, so their matches would never be used.
        let readable = roleNames.map { scanAll || codebook.anyRuleReads(role: $0) }
        // (code, turn) pairs in turn order, each at most once: `lastTurn[ci]` is the last turn added.
        var pairs: [(code: Int32, turn: Int32)] = []
        var lastTurn = [Int32](repeating: -1, count: codebook.codes.count)
        turnMatches.reserveCapacity(turnCount)
        turnCues.reserveCapacity(turnCount)
        turnHasTrigger.reserveCapacity(turnCount)
        // The codebook's tables read once, not once per turn or match (each read retains them).
        let matcher = codebook.matcher
        let cueKinds = codebook.cueKinds
        let termCodeStart = codebook.termCodeStart
        let termCodes = codebook.termCodes
        for position in 0..<turnCount {
            let first = matches.count
            let firstCue = cues.count
            if readable[roleOfTurn[position]] {
                scratch.removeAll(keepingCapacity: true)
                var text = text(position)
                text.withUTF8 { matcher.scan($0, into: &scratch) }
                for match in scratch {
                    if match.term < ruleTerms {
                        matches.append(match)
                        for k in termCodeStart[match.term]..<termCodeStart[match.term + 1] {
                            let ci = Int(termCodes[k])
                            guard lastTurn[ci] != Int32(position) else { continue }
                            lastTurn[ci] = Int32(position)
                            pairs.append((Int32(ci), Int32(position)))
                        }
                    } else {
                        cues.append(
                            CueScopes.Cue(kind: cueKinds[match.term - ruleTerms], start: match.start, end: match.end))
                    }
                }
            }
            turnMatches.append(first..<matches.count)
            turnCues.append(firstCue..<cues.count)
            turnHasTrigger.append(cues[firstCue...].contains { $0.kind == .negation || $0.kind == .hedge })
        }
        // Group the pairs by code (a counting sort keeps each code's turns ascending).
        var counts = [Int](repeating: 0, count: codebook.codes.count)
        for pair in pairs { counts[Int(pair.code)] += 1 }
        var next = [Int](repeating: 0, count: codebook.codes.count)
        var offset = 0
        for ci in counts.indices where counts[ci] > 0 {
            triggered.append(ci)
            next[ci] = offset
            codeTurnRange[ci] = offset..<offset + counts[ci]
            offset += counts[ci]
        }
        codeTurnList = [Int](repeating: 0, count: pairs.count)
        for pair in pairs {
            codeTurnList[next[Int(pair.code)]] = Int(pair.turn)
            next[Int(pair.code)] += 1
        }
    }

    // MARK: Lazy per-turn facts

    /// Indices into `sentenceStore` of turn `turn`'s sentences (worked out on first use).
    private mutating func sentenceRange(_ turn: Int) -> Range<Int> {
        if let known = sentenceSlice[turn] { return known }
        let first = sentenceStore.count
        var text = text(turn)
        text.withUTF8 { SentenceSplitter.sentences(in: $0, into: &sentenceStore) }
        let range = first..<sentenceStore.count
        sentenceSlice[turn] = range
        return range
    }

    mutating func sentences(_ turn: Int) -> [Range<Int>] {
        Array(sentenceStore[sentenceRange(turn)])
    }

    /// Indices into `negationStore` and `hedgeStore` of turn `turn`'s cue scopes (worked out on first use).
    private mutating func scopeRanges(_ turn: Int) -> (negations: Range<Int>, hedges: Range<Int>) {
        if let known = scopeSlice[turn] { return known }
        let turnCues = cues[turnCues[turn]]
        let needsSentences = turnCues.contains { $0.kind == .hedge }
        let sentences = needsSentences ? sentenceRange(turn) : 0..<0
        let window = codebook.negationWindow
        let firstNegation = negationStore.count
        let firstHedge = hedgeStore.count
        var text = text(turn)
        text.withUTF8 {
            CueScopes.analyse(
                bytes: $0, cues: turnCues, sentences: sentenceStore[sentences], negationWindow: window,
                negations: &negationStore, hedges: &hedgeStore, scratch: &cueScratch)
        }
        let ranges = (firstNegation..<negationStore.count, firstHedge..<hedgeStore.count)
        scopeSlice[turn] = ranges
        return ranges
    }

    mutating func cueScopes(_ turn: Int) -> CueScopes {
        let ranges = scopeRanges(turn)
        return CueScopes(
            negations: Array(negationStore[ranges.negations]), hedges: Array(hedgeStore[ranges.hedges]))
    }

    private mutating func direction(_ turn: Int, _ start: Int) -> Direction {
        guard turnHasTrigger[turn] else { return .supports }
        let ranges = scopeRanges(turn)
        return CueScopes.direction(
            at: start, negations: negationStore[ranges.negations], hedges: hedgeStore[ranges.hedges])
    }

    /// Indices into `regexStore` of regex `regex`'s match spans in turn `turn` (worked out on first use).
    private mutating func regexRange(_ regex: Int, _ turn: Int) -> Range<Int> {
        if regexSlice.isEmpty { regexSlice = Array(repeating: nil, count: codebook.regexes.count * turnCount) }
        let slot = regex * turnCount + turn
        if let known = regexSlice[slot] { return known }
        var text = text(turn)
        let box = codebook.regexes[regex]
        guard text.withUTF8({ box.prefilter.admits($0) }) else {
            regexSlice[slot] = 0..<0
            return 0..<0
        }
        let found = box.regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count))
        let offsets = UTF16Offsets(text)
        let first = regexStore.count
        for match in found where match.range.location != NSNotFound && match.range.length > 0 {
            regexStore.append(
                ByteSpan(
                    offsets.utf8(fromUTF16: match.range.location),
                    offsets.utf8(fromUTF16: match.range.location + match.range.length)))
        }
        let range = first..<regexStore.count
        regexSlice[slot] = range
        return range
    }

    // MARK: Rules

    /// Which turns `rule` may read, decided once per distinct role.
    private func allowedTurns(_ rule: CompiledRule) -> [Bool] {
        let byRole = roleNames.map { rule.reads(role: $0) }
        return roleOfTurn.map { byRole[$0] }
    }

    private mutating func evaluate(_ rule: CompiledRule, code: Int, into hits: inout [Hit]) {
        for (attribute, accepted) in rule.site {
            guard let value = siteAttributes[attribute], accepted.contains(value) else { return }
        }
        if rule.speakers == nil {
            if defaultAllowed == nil { defaultAllowed = allowedTurns(rule) }
            allowedTurns = defaultAllowed ?? []
        } else {
            allowedTurns = allowedTurns(rule)
        }
        // The candidate turns the rule reads, ascending, in an array kept across rules (swapped out
        // while in use, as evaluating units changes `self`): no arrays made per rule.
        var turns: [Int] = []
        swap(&turns, &turnScratch)
        defer {
            turns.removeAll(keepingCapacity: true)
            swap(&turns, &turnScratch)
        }
        if rule.usesRegex {
            for turn in 0..<turnCount where allowedTurns[turn] { turns.append(turn) }
        } else if !rule.positiveCodes.isEmpty {
            var set = Set(codeTurns(code))
            for dep in rule.positiveCodes { set.formUnion((codeHits[dep] ?? []).map(\.turn)) }
            for turn in set.sorted() where allowedTurns[turn] { turns.append(turn) }
        } else {
            for turn in codeTurns(code) where allowedTurns[turn] { turns.append(turn) }
        }
        guard !turns.isEmpty else { return }
        switch rule.scope {
        case .turn:
            // One unit per turn, evaluated as it is made.
            for turn in turns { evaluate(rule, Unit(lo: turn, hi: turn, range: nil), into: &hits) }
        case .sentence:
            var units: [Unit] = []
            for turn in turns {
                for k in sentenceRange(turn) { units.append(Unit(lo: turn, hi: turn, range: sentenceStore[k])) }
            }
            for unit in units { evaluate(rule, unit, into: &hits) }
        case .window(let n):
            var centres = Set<Int>()
            for turn in turns {
                // Windows are centred on turns the rule reads.
                for c in max(0, turn - n)...min(turnCount - 1, turn + n) where allowedTurns[c] { centres.insert(c) }
            }
            for centre in centres.sorted() {
                evaluate(rule, Unit(lo: max(0, centre - n), hi: min(turnCount - 1, centre + n), range: nil), into: &hits)
            }
        }
    }

    /// Evaluates `rule` on one unit, keeping its hits only when the rule holds there.
    private mutating func evaluate(_ rule: CompiledRule, _ unit: Unit, into hits: inout [Hit]) {
        if let within = rule.withinCode,
            !(codeHits[within] ?? []).contains(where: { inUnit(unit, $0.turn, $0.span) })
        {
            return
        }
        let mark = hits.count
        if !eval(rule.node, unit, into: &hits) { hits.removeSubrange(mark...) }
    }

    private func inUnit(_ unit: Unit, _ turn: Int, _ span: ByteSpan) -> Bool {
        turn >= unit.lo && turn <= unit.hi && allowedTurns[turn] && unit.contains(span)
    }

    /// Appends the spans of `ids` in `turn` inside `unit` to `spans`.
    private func termSpans(_ ids: [Int], _ unit: Unit, turn: Int, into spans: inout [ByteSpan]) {
        for k in turnMatches[turn] {
            let match = matches[k]
            guard ids.contains(match.term) else { continue }
            let span = ByteSpan(match.start, match.end)
            if unit.contains(span) { spans.append(span) }
        }
    }

    /// Evaluates `node` on `unit`, appending its hits; returns whether it holds. On `false`
    /// the caller discards whatever was appended.
    private mutating func eval(_ node: CompiledNode, _ unit: Unit, into hits: inout [Hit]) -> Bool {
        switch node {
        case .terms(let ids):
            let mark = hits.count
            for turn in unit.lo...unit.hi where allowedTurns[turn] {
                for k in turnMatches[turn] {
                    let match = matches[k]
                    guard ids.contains(match.term) else { continue }
                    let span = ByteSpan(match.start, match.end)
                    if unit.contains(span) {
                        hits.append(Hit(turn: turn, span: span, direction: direction(turn, span.start)))
                    }
                }
            }
            return hits.count > mark
        case .regex(let regex):
            let mark = hits.count
            for turn in unit.lo...unit.hi where allowedTurns[turn] {
                for k in regexRange(regex, turn) where unit.contains(regexStore[k]) {
                    let span = regexStore[k]
                    hits.append(Hit(turn: turn, span: span, direction: direction(turn, span.start)))
                }
            }
            return hits.count > mark
        case .near(let a, let b, let within, let ordered):
            let mark = hits.count
            var first: [ByteSpan] = []
            var second: [ByteSpan] = []
            for turn in unit.lo...unit.hi where allowedTurns[turn] {
                first.removeAll(keepingCapacity: true)
                termSpans(a, unit, turn: turn, into: &first)
                guard !first.isEmpty else { continue }
                second.removeAll(keepingCapacity: true)
                termSpans(b, unit, turn: turn, into: &second)
                for x in first {
                    for y in second where x != y {
                        if ordered && x.end > y.start { continue }
                        let (p, q) = x.start <= y.start ? (x, y) : (y, x)
                        let gap = p.end <= q.start
                            ? wordCount(turn, p.end..<q.start) : 0
                        guard gap <= within else { continue }
                        let span = ByteSpan(p.start, max(p.end, q.end))
                        let direction = Self.combine(direction(turn, p.start), direction(turn, q.start))
                        hits.append(Hit(turn: turn, span: span, direction: direction))
                    }
                }
            }
            return hits.count > mark
        case .all(let children):
            for child in children where !eval(child, unit, into: &hits) { return false }
            return true
        case .any(let children):
            var any = false
            for child in children {
                let mark = hits.count
                if eval(child, unit, into: &hits) {
                    any = true
                } else {
                    hits.removeSubrange(mark...)
                }
            }
            return any
        case .not(let child):
            var scratch: [Hit] = []
            return !eval(child, unit, into: &scratch)
        case .sameSentence(let children):
            let mark = hits.count
            for turn in unit.lo...unit.hi where allowedTurns[turn] {
                for k in sentenceRange(turn) {
                    let sentence = sentenceStore[k]
                    var range = sentence
                    if let outer = unit.range {
                        let lower = max(outer.lowerBound, sentence.lowerBound)
                        let upper = min(outer.upperBound, sentence.upperBound)
                        guard lower < upper else { continue }
                        range = lower..<upper
                    }
                    let inner = hits.count
                    if !eval(.all(children), Unit(lo: turn, hi: turn, range: range), into: &hits) {
                        hits.removeSubrange(inner...)
                    }
                }
            }
            return hits.count > mark
        case .code(let code):
            let mark = hits.count
            for hit in codeHits[code] ?? [] where inUnit(unit, hit.turn, hit.span) { hits.append(hit) }
            return hits.count > mark
        }
    }

    /// Words of turn `turn` in `range`.
    private func wordCount(_ turn: Int, _ range: Range<Int>) -> Int {
        var text = text(turn)
        return text.withUTF8 { WordTokenizer.countWords(in: $0, range: range) }
    }

    /// Direction of a hit made of two parts: negated if either is, else tentative if either is.
    static func combine(_ a: Direction, _ b: Direction) -> Direction {
        if a == .negated || b == .negated { return .negated }
        if a == .tentative || b == .tentative { return .tentative }
        return .supports
    }
}

/// Converts NSRegularExpression's UTF-16 offsets to UTF-8 offsets of the same string.
struct UTF16Offsets {
    /// utf8Offset[k] for UTF-16 offset k; nil when the text is ASCII (offsets equal).
    private let table: [Int]?

    init(_ text: String) {
        if text.utf8.count == text.utf16.count {
            table = nil
            return
        }
        var table: [Int] = []
        table.reserveCapacity(text.utf16.count + 1)
        var utf8 = 0
        for scalar in text.unicodeScalars {
            for _ in 0..<scalar.utf16.count { table.append(utf8) }
            utf8 += scalar.utf8.count
        }
        table.append(utf8)
        self.table = table
    }

    func utf8(fromUTF16 offset: Int) -> Int {
        guard let table else { return offset }
        return table[min(max(offset, 0), table.count - 1)]
    }
}
