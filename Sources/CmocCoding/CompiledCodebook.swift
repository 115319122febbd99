import CmocModel
import CmocText
import Foundation

/// A codebook compiled once per run: every literal term of every code (and every negation
/// and hedging cue) in one ``TermMatcher``, regexes compiled, codes ordered so referenced
/// codes are evaluated first. Coding a document scans each turn once and evaluates only the
/// codes whose terms occurred, so cost follows the text and the hits, not the codebook size.
public struct CompiledCodebook: Sendable {
    public let codebook: Codebook
    let matcher: TermMatcher
    /// Rule terms are matcher ids `0..<ruleTermCount`; cue terms follow.
    let ruleTermCount: Int
    let cueKinds: [CueScopes.Kind]
    let terms: [TermPattern]
    let codes: [CompiledCode]
    let order: [Int]
    /// Position of each code in `order` (dependencies first).
    let topologicalRank: [Int]
    /// Position of each code's id in sorted id order (output order).
    let idRank: [Int32]
    /// Codes evaluated in every document: they use a regex or read other codes' hits.
    let alwaysCandidates: [Int]
    /// Codes whose hits other codes read (`code:` / `within_code:`).
    let referenced: [Bool]
    /// Per rule term t, the codes whose rules use it: `termCodes[termCodeStart[t]..<termCodeStart[t + 1]]`
    /// (one flat array, so looking a term up retains nothing per term).
    let termCodeStart: [Int]
    let termCodes: [Int32]
    let regexes: [RegexBox]
    let negationWindow: Int
    /// Whether some rule has no `speakers:` (reads everyone but interviewers and researchers).
    let someRuleReadsUnlisted: Bool
    /// Every role some rule's `speakers:` names (lower-cased).
    let listedRoles: Set<String>

    /// Compiles a validated codebook.
    public init(_ codebook: Codebook) throws(DiagnosticError) {
        var compiler = RuleCompiler(codebook: codebook)
        let compiled = compiler.compileCodes()
        if !compiler.diagnostics.isEmpty { throw DiagnosticError(compiler.diagnostics) }
        self.codebook = codebook
        self.codes = compiled
        let order = CodeGraph(codebook.codes).order()
        self.order = order
        var topologicalRank = [Int](repeating: 0, count: compiled.count)
        for (rank, ci) in order.enumerated() { topologicalRank[ci] = rank }
        self.topologicalRank = topologicalRank
        var idRank = [Int32](repeating: 0, count: compiled.count)
        for (rank, ci) in compiled.indices.sorted(by: { (compiled[$0].id, $0) < (compiled[$1].id, $1) }).enumerated() {
            idRank[ci] = Int32(rank)
        }
        self.idRank = idRank
        var referenced = [Bool](repeating: false, count: compiled.count)
        for code in compiled {
            for rule in code.rules {
                for dep in rule.positiveCodes { referenced[dep] = true }
                if let within = rule.withinCode { referenced[within] = true }
            }
        }
        self.referenced = referenced
        self.alwaysCandidates = compiled.indices.filter { ci in
            compiled[ci].usesRegex || compiled[ci].rules.contains { !$0.positiveCodes.isEmpty }
        }
        var codesByTerm = [[Int]](repeating: [], count: compiler.terms.count)
        for (ci, code) in compiled.enumerated() {
            for term in code.terms where codesByTerm[term].last != ci { codesByTerm[term].append(ci) }
        }
        var termCodeStart = [0]
        var termCodes: [Int32] = []
        for codes in codesByTerm {
            termCodes += codes.map { Int32($0) }
            termCodeStart.append(termCodes.count)
        }
        self.termCodeStart = termCodeStart
        self.termCodes = termCodes
        self.ruleTermCount = compiler.terms.count
        var cuePatterns: [TermPattern] = []
        var cueKinds: [CueScopes.Kind] = []
        let cueLists: [(CueScopes.Kind, [String])] = [
            (.negation, codebook.negation.triggers), (.negationPseudo, codebook.negation.pseudoTriggers),
            (.terminator, codebook.negation.terminators), (.hedge, codebook.hedging.triggers),
            (.hedgePseudo, codebook.hedging.pseudoTriggers),
        ]
        for (kind, list) in cueLists {
            for text in list {
                if case .success(let pattern) = TermPattern.parse(text) {
                    cuePatterns.append(pattern)
                    cueKinds.append(kind)
                }
            }
        }
        self.cueKinds = cueKinds
        self.terms = compiler.terms
        self.matcher = TermMatcher(compiler.terms + cuePatterns)
        self.regexes = compiler.regexes
        self.negationWindow = codebook.negation.window
        let rules = compiled.flatMap(\.rules)
        self.someRuleReadsUnlisted = rules.contains { $0.speakers == nil }
        self.listedRoles = rules.reduce(into: Set<String>()) { $0.formUnion($1.speakers ?? []) }
    }

    /// Whether any rule may read a turn of this (lower-cased) role: the union of every rule's
    /// ``CompiledRule/reads(role:)``. Turns no rule reads need no scanning.
    func anyRuleReads(role: String?) -> Bool {
        if someRuleReadsUnlisted && CompiledRule.readsUnlisted(role) { return true }
        guard let role else { return false }
        return listedRoles.contains(role)
    }

    /// Codes one segmented document. `siteAttributes` feed `site:` filters.
    ///
    /// Hits are ordered by turn, start, code id (then end, rule position), deduplicated per code and
    /// span (the earliest rule keeps it).
    public func code(_ document: SegmentedDocument, siteAttributes: [String: String]) -> [CodeHit] {
        var evaluation = DocumentEvaluation(codebook: self, document: document, siteAttributes: siteAttributes)
        return evaluation.run()
    }

    /// What happened in each turn: hits plus the negation and hedge scopes that set their direction.
    public func explain(_ document: SegmentedDocument, siteAttributes: [String: String]) -> [TurnExplanation] {
        var evaluation = DocumentEvaluation(
            codebook: self, document: document, siteAttributes: siteAttributes, scanAll: true)
        let hits = evaluation.run()
        return document.turns.indices.map { position in
            let turn = document.turns[position]
            let scopes = evaluation.cueScopes(position)
            return TurnExplanation(
                turnIndex: turn.index, hits: hits.filter { $0.turnIndex == turn.index }, negations: scopes.negations,
                hedges: scopes.hedges)
        }
    }

    /// Number of distinct literal terms and automaton states (for benchmarks and `lint`).
    public var statistics: (terms: Int, states: Int) { (ruleTermCount, matcher.stateCount) }
}

/// One turn's coding, for `cmoc explain`.
public struct TurnExplanation: Sendable, Hashable {
    public var turnIndex: Int
    public var hits: [CodeHit]
    public var negations: [CueScopes.Scope]
    public var hedges: [CueScopes.Scope]
}

/// A compiled NSRegularExpression. Immutable after compilation and documented as safe to
/// use from several threads, hence the unchecked conformance.
struct RegexBox: @unchecked Sendable {
    let regex: NSRegularExpression
    /// What a turn must contain for the regex to be worth running.
    let prefilter: RegexPrefilter
}

/// A rule operator tree with terms, regexes and codes as indices.
indirect enum CompiledNode: Sendable {
    case terms([Int])
    case regex(Int)
    case near([Int], [Int], within: Int, ordered: Bool)
    case all([CompiledNode])
    case any([CompiledNode])
    case not(CompiledNode)
    case sameSentence([CompiledNode])
    case code(Int)
}

struct CompiledRule: Sendable {
    let ruleID: String
    let node: CompiledNode
    let scope: RuleScope
    /// Lower-cased roles, or nil for "everyone but interviewers and researchers".
    let speakers: Set<String>?
    let site: [(String, Set<String>)]
    let withinCode: Int?
    /// Terms that can start a hit (used to pick candidate turns).
    let positiveTerms: [Int]
    let positiveCodes: [Int]
    let usesRegex: Bool

    /// Whether the rule reads turns of this (lower-cased) role: one of its `speakers:`, or, without
    /// `speakers:`, anyone but interviewers and researchers.
    func reads(role: String?) -> Bool {
        guard let speakers else { return Self.readsUnlisted(role) }
        guard let role else { return false }
        return speakers.contains(role)
    }

    /// What a rule without `speakers:` reads: everyone but interviewers and researchers.
    static func readsUnlisted(_ role: String?) -> Bool { role != "interviewer" && role != "researcher" }
}

struct CompiledCode: Sendable {
    let id: String
    let rules: [CompiledRule]
    let terms: [Int]
    let usesRegex: Bool
}

/// Turns ``RuleDefinition``s into ``CompiledRule``s, sharing one term id per distinct pattern.
struct RuleCompiler {
    let codebook: Codebook
    var terms: [TermPattern] = []
    var termIDs: [TermPattern: Int] = [:]
    var regexes: [RegexBox] = []
    var regexIDs: [String: Int] = [:]
    var diagnostics: [Diagnostic] = []
    let codeIndex: [String: Int]

    init(codebook: Codebook) {
        self.codebook = codebook
        var index: [String: Int] = [:]
        for (i, code) in codebook.codes.enumerated() where index[code.id] == nil { index[code.id] = i }
        codeIndex = index
    }

    mutating func compileCodes() -> [CompiledCode] {
        codebook.codes.map { code in
            let rules = code.rules.map { compile($0, in: code.id) }
            var codeTerms: [Int] = []
            for rule in rules { codeTerms += rule.positiveTerms }
            return CompiledCode(
                id: code.id, rules: rules, terms: Array(Set(codeTerms)).sorted(),
                usesRegex: rules.contains { $0.usesRegex })
        }
    }

    mutating func compile(_ rule: RuleDefinition, in codeID: String) -> CompiledRule {
        var positiveTerms: [Int] = []
        var positiveCodes: [Int] = []
        var usesRegex = false
        let node = compile(rule.node, positive: true, &positiveTerms, &positiveCodes, &usesRegex)
        let within = rule.withinCode.flatMap { codeIndex[$0] }
        return CompiledRule(
            ruleID: rule.id(in: codeID), node: node, scope: rule.scope,
            speakers: rule.speakers.map { Set($0.map { $0.lowercased() }) },
            site: rule.site.keys.sorted().map { ($0, Set(rule.site[$0] ?? [])) }, withinCode: within,
            positiveTerms: positiveTerms, positiveCodes: positiveCodes, usesRegex: usesRegex)
    }

    private mutating func compile(
        _ node: RuleNode, positive: Bool, _ pTerms: inout [Int], _ pCodes: inout [Int], _ usesRegex: inout Bool
    ) -> CompiledNode {
        switch node {
        case .terms(let sources):
            let ids = sources.map { termID($0) }
            if positive { pTerms += ids }
            return .terms(ids)
        case .regex(let pattern, let location):
            if let id = regexIDs[pattern] {
                usesRegex = true
                return .regex(id)
            }
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
                diagnostics.append(
                    CodebookError.invalidRegex(pattern: pattern, reason: "invalid pattern").diagnostic(at: location))
                return .any([])
            }
            regexes.append(RegexBox(regex: regex, prefilter: RegexPrefilter(pattern: pattern)))
            regexIDs[pattern] = regexes.count - 1
            usesRegex = true
            return .regex(regexes.count - 1)
        case .near(let first, let second, let within, let ordered):
            let a = first.map { termID($0) }
            let b = second.map { termID($0) }
            if positive { pTerms += a }
            return .near(a, b, within: within, ordered: ordered)
        case .all(let children):
            return .all(children.map { compile($0, positive: positive, &pTerms, &pCodes, &usesRegex) })
        case .any(let children):
            return .any(children.map { compile($0, positive: positive, &pTerms, &pCodes, &usesRegex) })
        case .sameSentence(let children):
            return .sameSentence(children.map { compile($0, positive: positive, &pTerms, &pCodes, &usesRegex) })
        case .not(let child):
            var ignoredTerms: [Int] = []
            var ignoredCodes: [Int] = []
            return .not(compile(child, positive: false, &ignoredTerms, &ignoredCodes, &usesRegex))
        case .code(let id, _):
            let index = codeIndex[id] ?? 0
            if positive { pCodes.append(index) }
            return .code(index)
        }
    }

    private mutating func termID(_ source: TermSource) -> Int {
        guard case .success(let pattern) = TermPattern.parse(source.text) else {
            diagnostics.append(CodebookError.emptyTerm.diagnostic(at: source.location))
            return 0
        }
        if let id = termIDs[pattern] { return id }
        terms.append(pattern)
        termIDs[pattern] = terms.count - 1
        return terms.count - 1
    }
}
