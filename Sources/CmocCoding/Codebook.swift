import CmocModel

/// A parsed, validated codebook: the researchers' YAML file as values, every node still
/// carrying its file:line:column so examples, lint findings and errors can point at it.
public struct Codebook: Sendable, Hashable {
    public var id: String
    public var version: String
    public var description: String
    public var negation: CueSettings
    public var hedging: CueSettings
    public var codes: [CodeDefinition]
    /// The file the codebook came from (as given to `load`/`parse`).
    public var file: String

    public init(
        id: String, version: String, description: String = "", negation: CueSettings = .defaultNegation,
        hedging: CueSettings = .defaultHedging, codes: [CodeDefinition], file: String = "<memory>"
    ) {
        self.id = id
        self.version = version
        self.description = description
        self.negation = negation
        self.hedging = hedging
        self.codes = codes
        self.file = file
    }

    /// The code with this id, if any.
    public func code(_ id: String) -> CodeDefinition? { codes.first { $0.id == id } }
}

/// One code: an NPT construct, a context, a mechanism or an outcome, with its rules and examples.
public struct CodeDefinition: Sendable, Hashable {
    public var id: String
    public var label: String
    /// The construct this code refines (`coherence` for `npt-differentiation`), if any.
    public var parent: String?
    public var kind: CodeKind
    public var description: String
    public var rules: [RuleDefinition]
    public var examples: [CodeExample]
    /// Where `- id:` is written.
    public var location: SourceLocation

    public init(
        id: String, label: String, parent: String? = nil, kind: CodeKind, description: String = "",
        rules: [RuleDefinition] = [], examples: [CodeExample] = [], location: SourceLocation
    ) {
        self.id = id
        self.label = label
        self.parent = parent
        self.kind = kind
        self.description = description
        self.rules = rules
        self.examples = examples
        self.location = location
    }
}

/// Where a rule is evaluated: one sentence, one turn, or a window of turns around each turn.
public enum RuleScope: Sendable, Hashable, CustomStringConvertible {
    case sentence
    case turn
    /// The turn and `n` turns either side.
    case window(Int)

    public var description: String {
        switch self {
        case .sentence: "sentence"
        case .turn: "turn"
        case .window(let n): "window \(n)"
        }
    }
}

/// One rule of a code: an operator tree plus the filters that say where it applies.
public struct RuleDefinition: Sendable, Hashable {
    /// 1-based position in the code's `rules:` list.
    public var index: Int
    /// Optional stable name; the rule id uses it instead of the index.
    public var name: String?
    public var node: RuleNode
    public var scope: RuleScope
    /// Stakeholder roles whose turns the rule reads; nil means everyone but interviewers and researchers.
    public var speakers: [String]?
    /// Site attribute filters: attribute -> accepted values.
    public var site: [String: [String]]
    /// Only inside segments (units of this rule's scope) that already carry this code.
    public var withinCode: String?
    public var location: SourceLocation

    public init(
        index: Int, name: String? = nil, node: RuleNode, scope: RuleScope = .turn, speakers: [String]? = nil,
        site: [String: [String]] = [:], withinCode: String? = nil, location: SourceLocation
    ) {
        self.index = index
        self.name = name
        self.node = node
        self.scope = scope
        self.speakers = speakers
        self.site = site
        self.withinCode = withinCode
        self.location = location
    }

    /// `<code-id>/<name or 1-based index>`, stable across runs.
    public func id(in codeID: String) -> String { "\(codeID)/\(name ?? String(index))" }
}

/// A literal term as written, with where it was written.
public struct TermSource: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// The rule operators.
public indirect enum RuleNode: Sendable, Hashable {
    /// Any of these words or phrases (`keywords:`, `phrase:` or a bare string).
    case terms([TermSource])
    /// An NSRegularExpression, case-insensitive (`regex:`).
    case regex(String, SourceLocation)
    /// A term of `first` within `within` words of a term of `second`; in that order when `ordered`
    /// (`followed_by:`), either order otherwise (`near:`).
    case near(first: [TermSource], second: [TermSource], within: Int, ordered: Bool)
    /// Every sub-rule holds in the unit (`all:`).
    case all([RuleNode])
    /// At least one sub-rule holds (`any:`).
    case any([RuleNode])
    /// The sub-rule does not hold anywhere in the unit (`not:`).
    case not(RuleNode)
    /// Every sub-rule holds within one sentence (`same_sentence:`).
    case sameSentence([RuleNode])
    /// Wherever another code hit (`code:`).
    case code(String, SourceLocation)
}

/// An example sentence a code must (or must not) match.
public struct CodeExample: Sendable, Hashable {
    /// The sentence with `[[…]]` marks removed.
    public var text: String
    /// The `[[…]]`-marked spans (UTF-8 offsets in `text`) the code must hit exactly.
    public var expectedSpans: [ByteSpan]
    public var shouldMatch: Bool
    /// For `match` examples: the direction at least one hit must have (default `supports`).
    public var direction: Direction
    /// Speaker role to code the sentence as (nil: unknown speaker).
    public var role: String?
    public var site: [String: String]
    public var location: SourceLocation

    public init(
        text: String, expectedSpans: [ByteSpan] = [], shouldMatch: Bool, direction: Direction = .supports,
        role: String? = nil, site: [String: String] = [:], location: SourceLocation
    ) {
        self.text = text
        self.expectedSpans = expectedSpans
        self.shouldMatch = shouldMatch
        self.direction = direction
        self.role = role
        self.site = site
        self.location = location
    }

    /// Placeholder examples written by `rules import` start with `TODO`; they are not run.
    public var isPlaceholder: Bool { text.hasPrefix("TODO") }
}

/// NegEx-style cue settings for negation or hedging.
public struct CueSettings: Sendable, Hashable {
    /// Words and phrases that open a scope.
    public var triggers: [String]
    /// Phrases that look like triggers but are not (`not only`, `no doubt`).
    public var pseudoTriggers: [String]
    /// Words that close a scope early (`but`, `however`).
    public var terminators: [String]
    /// How many words after the trigger the scope reaches (negation); hedges cover their sentence.
    public var window: Int

    public init(triggers: [String], pseudoTriggers: [String] = [], terminators: [String] = [], window: Int) {
        self.triggers = triggers
        self.pseudoTriggers = pseudoTriggers
        self.terminators = terminators
        self.window = window
    }

    public static let defaultNegation = CueSettings(
        triggers: [
            "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "no one", "no longer", "not really",
            "hardly", "barely", "rarely", "scarcely", "without", "cannot", "can't", "cant", "don't", "dont",
            "doesn't", "doesnt", "didn't", "didnt", "didn't feel", "wasn't", "wasnt", "weren't", "isn't", "isnt",
            "aren't", "won't", "wouldn't", "couldn't", "shouldn't", "haven't", "hasn't", "hadn't", "lack of",
            "not at all",
        ],
        pseudoTriggers: [
            "not only", "not just", "no doubt", "no wonder", "nothing but", "no matter", "not least",
            "no problem", "not sure", "not necessarily a bad",
        ],
        terminators: [
            "but", "however", "although", "though", "except", "apart from", "aside from", "yet", "whereas",
            "still", "which",
        ],
        window: 8)

    public static let defaultHedging = CueSettings(
        triggers: [
            "i suppose", "suppose", "maybe", "sort of", "kind of", "i guess", "perhaps", "might", "possibly",
            "probably", "not sure", "i'm not sure", "may be", "could be", "i wonder", "in theory",
        ],
        pseudoTriggers: [],
        terminators: [],
        window: 0)
}
