import CmocModel

/// Every problem the coding module reports, with all wording in one place. Each case
/// becomes a ``Diagnostic`` (stage `codebook`) at a file:line:column; ``DiagnosticError``
/// carries them all at once.
public enum CodebookError: Sendable, Hashable {
    case unreadableFile(reason: String)
    case invalidUTF8
    case yamlSyntax(problem: String)
    case emptyDocument
    case duplicateKey(key: String)
    case notAMapping(what: String)
    case notAList(what: String)
    case notAString(what: String)
    case notAnInteger(what: String)
    case missingKey(key: String, in: String)
    case unknownKey(key: String, in: String, suggestion: String?)
    case invalidCodeID(id: String)
    case duplicateCodeID(id: String, first: SourceLocation)
    case unknownCode(id: String, role: String, suggestion: String?)
    case unknownKind(value: String, suggestion: String?)
    case noOperator(suggestion: String?)
    case severalOperators(keys: [String])
    case emptyTerm
    case misplacedWildcard(term: String)
    case invalidRegex(pattern: String, reason: String)
    case invalidScope(value: String)
    case invalidWithin(value: String)
    case withinWithoutProximity
    case proximityArity(op: String, count: Int)
    case emptyList(what: String)
    case notNeedsPositive
    case referenceCycle(path: [String])
    case unbalancedMarks
    case markInNoMatch
    case invalidDirection(value: String, suggestion: String?)
    case invalidWindow(value: String)

    public var message: String {
        switch self {
        case .unreadableFile(let reason): "cannot read the codebook: \(reason)"
        case .invalidUTF8: "the codebook is not valid UTF-8"
        case .yamlSyntax(let problem): "YAML syntax error: \(problem)"
        case .emptyDocument: "the codebook is empty"
        case .duplicateKey(let key): "key '\(key)' appears twice in the same mapping"
        case .notAMapping(let what): "\(what) must be a mapping (key: value lines)"
        case .notAList(let what): "\(what) must be a list (lines starting with '- ')"
        case .notAString(let what): "\(what) must be a single text value"
        case .notAnInteger(let what): "\(what) must be a whole number"
        case .missingKey(let key, let context): "\(context) has no '\(key)'"
        case .unknownKey(let key, let context, _): "unknown key '\(key)' in \(context)"
        case .invalidCodeID(let id): "code id '\(id)' may only use lower-case letters, digits and '-'"
        case .duplicateCodeID(let id, let first): "code id '\(id)' is already used at \(first)"
        case .unknownCode(let id, let role, _): "\(role) names code '\(id)', which is not in this codebook"
        case .unknownKind(let value, _): "unknown kind '\(value)'"
        case .noOperator: "rule has no operator"
        case .severalOperators(let keys): "rule has several operators (\(keys.joined(separator: ", ")))"
        case .emptyTerm: "empty term: nothing left after removing spaces and punctuation"
        case .misplacedWildcard(let term): "term '\(term)': '*' is only allowed at the end of a word"
        case .invalidRegex(let pattern, let reason): "regex '\(pattern)' does not compile: \(reason)"
        case .invalidScope(let value): "unknown scope '\(value)'"
        case .invalidWithin(let value): "'within' must be a whole number of words from 0 to 50, not '\(value)'"
        case .withinWithoutProximity: "'within' only applies to 'near' and 'followed_by'"
        case .proximityArity(let op, let count): "'\(op)' takes exactly two entries, found \(count)"
        case .emptyList(let what): "\(what) is empty"
        case .notNeedsPositive: "rule has nothing to find: 'not' can only narrow a rule that also finds words"
        case .referenceCycle(let path): "codes refer to each other in a circle: \(path.joined(separator: " -> "))"
        case .unbalancedMarks: "example has an unbalanced '[[' or ']]'"
        case .markInNoMatch: "a no_match example cannot mark a span with [[…]]"
        case .invalidDirection(let value, _): "unknown direction '\(value)'"
        case .invalidWindow(let value): "'window' must be a whole number of words from 1 to 50, not '\(value)'"
        }
    }

    public var hint: String? {
        switch self {
        case .unreadableFile: "check the path; the default is pipelines/codebooks/npt.yml"
        case .invalidUTF8: "save the file as UTF-8"
        case .yamlSyntax: "check indentation and quoting near this line; quote text containing ': ' or '#'"
        case .emptyDocument: "start with 'codebook:' and 'codes:' (see pipelines/codebooks/README.md)"
        case .duplicateKey: "keep one of them"
        case .notAMapping, .notAList, .notAString, .notAnInteger:
            "see the rule operator reference in pipelines/codebooks/README.md"
        case .missingKey(let key, _): "add '\(key):'"
        case .unknownKey(_, _, let suggestion), .unknownCode(_, _, let suggestion), .unknownKind(_, let suggestion),
            .invalidDirection(_, let suggestion), .noOperator(let suggestion):
            suggestion.map { "did you mean '\($0)'?" } ?? "see pipelines/codebooks/README.md for the allowed names"
        case .invalidCodeID: "for example 'mech-value-lw'"
        case .duplicateCodeID: "give each code its own id"
        case .severalOperators: "split it into several rules, or combine them under 'all:' or 'any:'"
        case .emptyTerm: "remove the entry or write the word"
        case .misplacedWildcard: "write 'referral*' (any word starting with 'referral'); for more use 'regex:'"
        case .invalidRegex: "regex uses ICU syntax; test it on one sentence first"
        case .invalidScope: "use 'sentence', 'turn' or 'window: N'"
        case .invalidWithin, .invalidWindow: "for example 'within: 5'"
        case .withinWithoutProximity: "remove it, or use 'near:' / 'followed_by:'"
        case .proximityArity: "for example 'near: [feedback, [patient*, client*]]'"
        case .emptyList: "add at least one entry or remove the key"
        case .notNeedsPositive: "combine it: 'all: [refer*, {not: {keywords: [nurse]}}]'"
        case .referenceCycle: "break the circle by removing one 'code:' or 'within_code:' reference"
        case .unbalancedMarks: "mark the expected words as [[like this]]"
        case .markInNoMatch: "remove the [[ ]] marks"
        }
    }

    /// The diagnostic for this problem at a place.
    public func diagnostic(at location: SourceLocation?, severity: Diagnostic.Severity = .error) -> Diagnostic {
        Diagnostic(severity, stage: "codebook", at: location, message, hint: hint)
    }
}
