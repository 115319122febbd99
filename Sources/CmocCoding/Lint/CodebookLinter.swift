import CmocModel
import CmocText

/// One lint finding: which check, where, what, and what to do.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    public var check: String
    public var severity: Diagnostic.Severity
    public var location: SourceLocation
    public var message: String
    public var hint: String?

    public var diagnostic: Diagnostic {
        Diagnostic(severity, stage: "lint", at: location, "\(message) [\(check)]", hint: hint)
    }
    public var description: String { diagnostic.description }
}

/// A lint check: an id, a one-line purpose, and a pure function from codebook to findings.
protocol LintCheck: Sendable {
    var id: String { get }
    var summary: String { get }
    func findings(in codebook: Codebook) -> [LintFinding]
}

/// Checks a codebook for things that parse but are probably wrong: codes without examples,
/// duplicate terms across codes, shadowed rules, wildcards that catch common words, codes
/// no rule can reach, unknown speaker roles. Only unreachable codes are errors.
public struct CodebookLinter: Sendable {
    /// The checks, in the order their findings are reported; pinned by a test.
    static let builtInChecks: [any LintCheck] = [
        MissingExamplesCheck(), DuplicateTermCheck(), ShadowedRuleCheck(), CommonWordWildcardCheck(),
        UnreachableCodeCheck(), UnknownRoleCheck(),
    ]

    public init() {}

    /// The ids of the checks this linter runs.
    public static var checkIDs: [String] { builtInChecks.map(\.id) }

    /// Every finding, ordered by check then file position.
    public func lint(_ codebook: Codebook) -> [LintFinding] {
        Self.builtInChecks.flatMap { check in
            check.findings(in: codebook).sorted { ($0.location.line ?? 0, $0.location.column ?? 0) < ($1.location.line ?? 0, $1.location.column ?? 0) }
        }
    }
}

/// Helpers the checks share.
enum LintSupport {
    /// Every term a rule node can match with, positive or not.
    static func terms(in node: RuleNode, positiveOnly: Bool = true) -> [TermSource] {
        switch node {
        case .terms(let t): t
        case .near(let a, let b, _, _): a + b
        case .regex, .code: []
        case .all(let c), .any(let c), .sameSentence(let c): c.flatMap { terms(in: $0, positiveOnly: positiveOnly) }
        case .not(let child): positiveOnly ? [] : terms(in: child, positiveOnly: false)
        }
    }

    static func pattern(_ term: TermSource) -> TermPattern? {
        if case .success(let p) = TermPattern.parse(term.text) { return p }
        return nil
    }

    /// Whether `general` matches everything `specific` matches (equal, or a wildcard stem covering it).
    static func covers(_ general: TermPattern, _ specific: TermPattern) -> Bool {
        if general == specific { return true }
        guard general.isPrefix else { return false }
        let g = general.units
        return specific.units.count >= g.count && Array(specific.units.prefix(g.count)) == g
    }

    /// Codes that other codes name as parent.
    static func parents(_ codebook: Codebook) -> Set<String> { Set(codebook.codes.compactMap(\.parent)) }
}
