import CmocModel
import CmocText
import Foundation

/// Evaluates a ``CompiledCodebook`` on one document: one automaton pass per turn, then the
/// rules of the codes whose terms occurred (plus regex and code-reference codes), in
/// dependency order. Sentences, negation/hedge scopes and regex matches are computed lazily,
/// only for turns that need them. Hits accumulate in flat arrays of integers; `CodeHit`s are
/// made once, at the end.
struct DocumentEvaluation {
    /// A hit inside the evaluation: turn position (in `document.turns`), span and direction.
    struct Hit {
        var turn: Int
        var span: ByteSpan
        var direction: Direction
    }

    /// A hit of a code by a rule, before it becomes a `CodeHit`.
    struct RawHit {
        var turn: Int32
        var start: Int32
        var end: Int32
        var codeRank: Int32
        var code: Int32
        var rule: Int32
        var direction: Direction
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
    private var texts: [String]
    /// Lower-cased speaker roles per turn.
    private let roles: [String?]
    /// Rule-term matches of all turns, turn by turn; `turnMatches[t]` is turn t's slice.
    private var matches: [TermMatcher.Match] = []
    private var turnMatches: [Range<Int>] = []
    private var cues: [[(kind: CueScopes.Kind, start: Int, end: Int)]]
    private var sentenceCache: [[Range<Int>]?]
    private var scopeCache: [CueScopes?]
    private var regexCache: [Int: [ByteSpan]] = [:]
    /// Turns (sorted) where each triggered code's terms occur.
    private var codeTurns: [Int: [Int]] = [:]
    /// Hits of codes other codes read.
    private var codeHits: [Int: [Hit]] = [:]
    /// Which turns the rule being evaluated may read.
    private var allowedTurns: [Bool] = []
    /// The same for rules without `speakers:` (everyone but interviewers and researchers).
    private var defaultAllowed: [Bool]?

    init(codebook: CompiledCodebook, document: SegmentedDocument, siteAttributes: [String: String]) {
        self.codebook = codebook
        self.document = document
        self.siteAttributes = siteAttributes
        texts = document.turns.map(\.text)
        roles = document.turns.map { $0.role?.lowercased() }
        cues = Array(repeating: [], count: document.turns.count)
        sentenceCache = Array(repeating: nil, count: document.turns.count)
        scopeCache = Array(repeating: nil, count: document.turns.count)
    }

    mutating func run() -> [CodeHit] {
        scanTurns()
        var candidates = Array(codeTurns.keys)
        for ci in codebook.alwaysCandidates where codeTurns[ci] == nil { candidates.append(ci) }
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
                            turn: Int32(hit.turn), start: Int32(hit.span.start), end: Int32(hit.span.end),
                            codeRank: codebook.idRank[ci], code: Int32(ci), rule: Int32(ri), direction: hit.direction))
                }
            }
            if codebook.referenced[ci] {
                codeHits[ci] = raw[firstRaw...].map {
                    Hit(turn: Int($0.turn), span: ByteSpan(Int($0.start), Int($0.end)), direction: $0.direction)
                }
            }
        }
        raw.sort { a, b in
            (a.turn, a.start, a.codeRank, a.end, a.rule) < (b.turn, b.start, b.codeRank, b.end, b.rule)
        }
        var result: [CodeHit] = []
        result.reserveCapacity(raw.count)
        var previous: RawHit?
        for hit in raw {
            if let p = previous, p.turn == hit.turn, p.start == hit.start, p.code == hit.code, p.end == hit.end {
                continue
            }
            previous = hit
            let code = codebook.codes[Int(hit.code)]
            result.append(
                CodeHit(
                    documentID: document.id, turnIndex: document.turns[Int(hit.turn)].index, codeID: code.id,
                    ruleID: code.rules[Int(hit.rule)].ruleID, span: ByteSpan(Int(hit.start), Int(hit.end)),
                    direction: hit.direction))
        }
        return result
    }

    private mutating func scanTurns() {
        var scratch: [TermMatcher.Match] = []
        let ruleTerms = codebook.ruleTermCount
        for position in texts.indices {
            scratch.removeAll(keepingCapacity: true)
            texts[position].withUTF8 { codebook.matcher.scan($0, into: &scratch) }
            let first = matches.count
            for match in scratch {
                if match.term < ruleTerms {
                    matches.append(match)
                    for ci in codebook.codesByTerm[match.term] {
                        if var turns = codeTurns.removeValue(forKey: ci) {
                            if turns.last != position { turns.append(position) }
                            codeTurns[ci] = turns
                        } else {
                            codeTurns[ci] = [position]
                        }
                    }
                } else {
                    cues[position].append((codebook.cueKinds[match.term - ruleTerms], match.start, match.end))
                }
            }
            turnMatches.append(first..<matches.count)
        }
    }

    // MARK: Lazy per-turn facts

    mutating func sentences(_ turn: Int) -> [Range<Int>] {
        if let cached = sentenceCache[turn] { return cached }
        let result = texts[turn].withUTF8 { SentenceSplitter.sentences(in: $0) }
        sentenceCache[turn] = result
        return result
    }

    mutating func cueScopes(_ turn: Int) -> CueScopes {
        if let cached = scopeCache[turn] { return cached }
        let turnCues = cues[turn]
        let needsSentences = turnCues.contains { $0.kind == .hedge }
        let sentences = needsSentences ? sentences(turn) : []
        let window = codebook.negationWindow
        let result = texts[turn].withUTF8 {
            CueScopes.analyse(bytes: $0, cues: turnCues, sentences: sentences, negationWindow: window)
        }
        scopeCache[turn] = result
        return result
    }

    private mutating func direction(_ turn: Int, _ start: Int) -> Direction {
        cues[turn].isEmpty ? .supports : cueScopes(turn).direction(at: start)
    }

    private mutating func regexSpans(_ regex: Int, _ turn: Int) -> [ByteSpan] {
        let key = regex << 32 | turn
        if let cached = regexCache[key] { return cached }
        var text = texts[turn]
        let box = codebook.regexes[regex]
        guard text.withUTF8({ box.prefilter.admits($0) }) else {
            regexCache[key] = []
            return []
        }
        let found = box.regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count))
        let offsets = UTF16Offsets(text)
        let spans = found.compactMap { match -> ByteSpan? in
            guard match.range.location != NSNotFound, match.range.length > 0 else { return nil }
            return ByteSpan(
                offsets.utf8(fromUTF16: match.range.location),
                offsets.utf8(fromUTF16: match.range.location + match.range.length))
        }
        regexCache[key] = spans
        return spans
    }

    // MARK: Rules

    private func allowed(_ rule: CompiledRule, _ turn: Int) -> Bool {
        let role = roles[turn]
        if let speakers = rule.speakers {
            guard let role else { return false }
            return speakers.contains(role)
        }
        return role != "interviewer" && role != "researcher"
    }

    private mutating func evaluate(_ rule: CompiledRule, code: Int, into hits: inout [Hit]) {
        for (attribute, accepted) in rule.site {
            guard let value = siteAttributes[attribute], accepted.contains(value) else { return }
        }
        var candidates = codeTurns[code] ?? []
        if rule.usesRegex {
            candidates = Array(texts.indices)
        } else if !rule.positiveCodes.isEmpty {
            var set = Set(candidates)
            for dep in rule.positiveCodes { set.formUnion((codeHits[dep] ?? []).map(\.turn)) }
            candidates = set.sorted()
        }
        if rule.speakers == nil {
            if defaultAllowed == nil { defaultAllowed = texts.indices.map { allowed(rule, $0) } }
            allowedTurns = defaultAllowed ?? []
        } else {
            allowedTurns = texts.indices.map { allowed(rule, $0) }
        }
        let turns = candidates.filter { allowedTurns[$0] }
        guard !turns.isEmpty else { return }
        var units: [Unit] = []
        switch rule.scope {
        case .turn:
            units = turns.map { Unit(lo: $0, hi: $0, range: nil) }
        case .sentence:
            for turn in turns {
                for sentence in sentences(turn) { units.append(Unit(lo: turn, hi: turn, range: sentence)) }
            }
        case .window(let n):
            var centres = Set<Int>()
            for turn in turns {
                // Windows are centred on turns the rule reads.
                for c in max(0, turn - n)...min(texts.count - 1, turn + n) where allowedTurns[c] { centres.insert(c) }
            }
            units = centres.sorted().map { Unit(lo: max(0, $0 - n), hi: min(texts.count - 1, $0 + n), range: nil) }
        }
        for unit in units {
            if let within = rule.withinCode,
                !(codeHits[within] ?? []).contains(where: { inUnit(unit, $0.turn, $0.span) })
            {
                continue
            }
            let mark = hits.count
            if !eval(rule.node, unit, into: &hits) { hits.removeSubrange(mark...) }
        }
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
                for span in regexSpans(regex, turn) where unit.contains(span) {
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
                            ? texts[turn].withUTF8 { WordTokenizer.countWords(in: $0, range: p.end..<q.start) } : 0
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
                for sentence in sentences(turn) {
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
