import CmocModel
import CmocText
import Foundation

/// Evaluates a ``CompiledCodebook`` on one document: one automaton pass per turn, then the
/// rules of the codes whose terms occurred, in dependency order. Sentences, negation/hedge
/// scopes and regex matches are computed lazily, only for turns that need them.
struct DocumentEvaluation {
    /// A hit inside the evaluation: turn position (in `document.turns`), span and direction.
    struct Hit: Hashable {
        var turn: Int
        var span: ByteSpan
        var direction: Direction
    }

    /// The segment a rule is evaluated on: some turns, or part of one turn.
    struct Unit {
        var turns: [Int]
        var range: Range<Int>?

        func contains(_ turn: Int, _ span: ByteSpan) -> Bool {
            guard turns.contains(turn) else { return false }
            guard let range else { return true }
            return span.start >= range.lowerBound && span.end <= range.upperBound
        }
    }

    let codebook: CompiledCodebook
    let document: SegmentedDocument
    let siteAttributes: [String: String]
    private var texts: [String]
    private var termHits: [Int: [ByteSpan]] = [:]
    private var termTurns: [Int: [Int]] = [:]
    private var cues: [[(kind: CueScopes.Kind, start: Int, end: Int)]]
    private var sentenceCache: [[Range<Int>]?]
    private var scopeCache: [CueScopes?]
    private var regexCache: [Int: [ByteSpan]] = [:]
    private var codeHits: [[Hit]]

    init(codebook: CompiledCodebook, document: SegmentedDocument, siteAttributes: [String: String]) {
        self.codebook = codebook
        self.document = document
        self.siteAttributes = siteAttributes
        texts = document.turns.map(\.text)
        cues = Array(repeating: [], count: document.turns.count)
        sentenceCache = Array(repeating: nil, count: document.turns.count)
        scopeCache = Array(repeating: nil, count: document.turns.count)
        codeHits = Array(repeating: [], count: codebook.codes.count)
    }

    private static func key(_ term: Int, _ turn: Int) -> Int { term << 32 | turn }

    mutating func run() -> [CodeHit] {
        scanTurns()
        var triggered = [Bool](repeating: false, count: codebook.codes.count)
        for term in termTurns.keys {
            for ci in codebook.codesByTerm[term] { triggered[ci] = true }
        }
        var result: [CodeHit] = []
        for ci in codebook.order {
            let code = codebook.codes[ci]
            let dependsOnHits = code.rules.contains { rule in rule.positiveCodes.contains { !codeHits[$0].isEmpty } }
            guard triggered[ci] || code.usesRegex || dependsOnHits else { continue }
            var seen = Set<ByteSpanKey>()
            var hits: [Hit] = []
            for rule in code.rules {
                for hit in evaluate(rule) where seen.insert(ByteSpanKey(turn: hit.turn, span: hit.span)).inserted {
                    hits.append(hit)
                    let turn = document.turns[hit.turn]
                    result.append(
                        CodeHit(
                            documentID: document.id, turnIndex: turn.index, codeID: code.id, ruleID: rule.ruleID,
                            span: hit.span, direction: hit.direction))
                }
            }
            codeHits[ci] = hits
        }
        result.sort { a, b in
            (a.turnIndex, a.span.start, a.codeID, a.span.end, a.ruleID) < (b.turnIndex, b.span.start, b.codeID, b.span.end, b.ruleID)
        }
        return result
    }

    private struct ByteSpanKey: Hashable {
        var turn: Int
        var span: ByteSpan
    }

    private mutating func scanTurns() {
        var matches: [TermMatcher.Match] = []
        let ruleTerms = codebook.ruleTermCount
        for position in texts.indices {
            matches.removeAll(keepingCapacity: true)
            texts[position].withUTF8 { codebook.matcher.scan($0, into: &matches) }
            for match in matches {
                if match.term < ruleTerms {
                    let key = Self.key(match.term, position)
                    if termHits[key] == nil {
                        termHits[key] = [ByteSpan(match.start, match.end)]
                        termTurns[match.term, default: []].append(position)
                    } else {
                        termHits[key]?.append(ByteSpan(match.start, match.end))
                    }
                } else {
                    cues[position].append((codebook.cueKinds[match.term - ruleTerms], match.start, match.end))
                }
            }
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
        let sentences = sentences(turn)
        let turnCues = cues[turn]
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
        let key = Self.key(regex, turn)
        if let cached = regexCache[key] { return cached }
        let text = texts[turn]
        let utf16 = text.utf16
        let found = codebook.regexes[regex].regex.matches(in: text, range: NSRange(location: 0, length: utf16.count))
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
        let role = document.turns[turn].role?.lowercased()
        if let speakers = rule.speakers {
            guard let role else { return false }
            return speakers.contains(role)
        }
        return role != "interviewer" && role != "researcher"
    }

    private mutating func evaluate(_ rule: CompiledRule) -> [Hit] {
        for (attribute, accepted) in rule.site {
            guard let value = siteAttributes[attribute], accepted.contains(value) else { return [] }
        }
        var candidates = Set<Int>()
        for term in rule.positiveTerms { candidates.formUnion(termTurns[term] ?? []) }
        for code in rule.positiveCodes { candidates.formUnion(codeHits[code].map(\.turn)) }
        if rule.usesRegex { candidates.formUnion(texts.indices) }
        let turns = candidates.filter { allowed(rule, $0) }.sorted()
        guard !turns.isEmpty else { return [] }
        var units: [Unit] = []
        switch rule.scope {
        case .turn:
            units = turns.map { Unit(turns: [$0], range: nil) }
        case .sentence:
            for turn in turns {
                for sentence in sentences(turn) { units.append(Unit(turns: [turn], range: sentence)) }
            }
        case .window(let n):
            var centres = Set<Int>()
            for turn in turns {
                for c in max(0, turn - n)...min(texts.count - 1, turn + n) { centres.insert(c) }
            }
            for centre in centres.sorted() {
                let members = (max(0, centre - n)...min(texts.count - 1, centre + n)).filter { allowed(rule, $0) }
                if !members.isEmpty { units.append(Unit(turns: members, range: nil)) }
            }
        }
        var hits: [Hit] = []
        for unit in units {
            if let within = rule.withinCode, !codeHits[within].contains(where: { unit.contains($0.turn, $0.span) }) {
                continue
            }
            let (matched, found) = eval(rule.node, unit)
            if matched { hits += found }
        }
        return hits
    }

    private mutating func termSpans(_ ids: [Int], _ unit: Unit, turn: Int) -> [ByteSpan] {
        var spans: [ByteSpan] = []
        for id in ids {
            for span in termHits[Self.key(id, turn)] ?? [] where unit.contains(turn, span) { spans.append(span) }
        }
        return spans
    }

    private mutating func eval(_ node: CompiledNode, _ unit: Unit) -> (Bool, [Hit]) {
        switch node {
        case .terms(let ids):
            var hits: [Hit] = []
            for turn in unit.turns {
                for span in termSpans(ids, unit, turn: turn) {
                    hits.append(Hit(turn: turn, span: span, direction: direction(turn, span.start)))
                }
            }
            return (!hits.isEmpty, hits)
        case .regex(let regex):
            var hits: [Hit] = []
            for turn in unit.turns {
                for span in regexSpans(regex, turn) where unit.contains(turn, span) {
                    hits.append(Hit(turn: turn, span: span, direction: direction(turn, span.start)))
                }
            }
            return (!hits.isEmpty, hits)
        case .near(let a, let b, let within, let ordered):
            var hits: [Hit] = []
            for turn in unit.turns {
                let first = termSpans(a, unit, turn: turn)
                guard !first.isEmpty else { continue }
                let second = termSpans(b, unit, turn: turn)
                for x in first {
                    for y in second where x != y {
                        if ordered && x.end > y.start { continue }
                        let (p, q) = x.start <= y.start ? (x, y) : (y, x)
                        let gap = p.end <= q.start ? texts[turn].withUTF8 {
                            WordTokenizer.countWords(in: $0, range: p.end..<q.start)
                        } : 0
                        guard gap <= within else { continue }
                        let span = ByteSpan(p.start, max(p.end, q.end))
                        let direction = Self.combine(direction(turn, p.start), direction(turn, q.start))
                        hits.append(Hit(turn: turn, span: span, direction: direction))
                    }
                }
            }
            return (!hits.isEmpty, hits)
        case .all(let children):
            var hits: [Hit] = []
            for child in children {
                let (matched, found) = eval(child, unit)
                if !matched { return (false, []) }
                hits += found
            }
            return (true, hits)
        case .any(let children):
            var hits: [Hit] = []
            var any = false
            for child in children {
                let (matched, found) = eval(child, unit)
                if matched {
                    any = true
                    hits += found
                }
            }
            return (any, hits)
        case .not(let child):
            return (!eval(child, unit).0, [])
        case .sameSentence(let children):
            var hits: [Hit] = []
            for turn in unit.turns {
                for sentence in sentences(turn) {
                    var range = sentence
                    if let outer = unit.range {
                        let lower = max(outer.lowerBound, sentence.lowerBound)
                        let upper = min(outer.upperBound, sentence.upperBound)
                        guard lower < upper else { continue }
                        range = lower..<upper
                    }
                    let (matched, found) = eval(.all(children), Unit(turns: [turn], range: range))
                    if matched { hits += found }
                }
            }
            return (!hits.isEmpty, hits)
        case .code(let code):
            let hits = codeHits[code].filter { unit.contains($0.turn, $0.span) }
            return (!hits.isEmpty, hits)
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
            let units16 = scalar.utf16.count
            for _ in 0..<units16 { table.append(utf8) }
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
