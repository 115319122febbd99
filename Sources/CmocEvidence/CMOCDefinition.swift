/// One tentative CMOC (context-mechanism-outcome configuration) and the codes that stand for each part.
///
/// Loaded from `pipelines/cmocs/*.yml` by `CMOCDefinitions.load`. Mechanism codes may be split into
/// *resource* (what the programme offers) and *reasoning* (how people respond); `mechanism` always holds
/// every mechanism code, resource codes first, so evidence code need not care about the split.
public struct CMOCDefinition: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    /// The "when C, M, which produces O" sentence, as written.
    public var statement: String
    public var programmeTheory: String?
    /// The NPT construct the mechanism belongs to (`coherence`, `cognitive_participation`…), if given.
    public var nptConstruct: String?
    public var context: [String]
    /// Every mechanism code (resource codes, then reasoning codes, or the plain list).
    public var mechanism: [String]
    /// Mechanism codes given under `resource:`; empty when the mechanism is a plain list.
    public var mechanismResource: [String]
    /// Mechanism codes given under `reasoning:`; empty when the mechanism is a plain list.
    public var mechanismReasoning: [String]
    public var outcome: [String]
    /// Codes whose supporting hits refute this CMOC.
    public var counterEvidence: [String]
    /// Co-occurrence window in turns: 0 = same turn, 2 = the same turn or the next two.
    public var window: Int

    public static let defaultWindow = 2

    public init(
        id: String, title: String, statement: String, programmeTheory: String? = nil,
        nptConstruct: String? = nil, context: [String], mechanism: [String],
        mechanismResource: [String] = [], mechanismReasoning: [String] = [], outcome: [String],
        counterEvidence: [String] = [], window: Int = CMOCDefinition.defaultWindow
    ) {
        self.id = id
        self.title = title
        self.statement = statement
        self.programmeTheory = programmeTheory
        self.nptConstruct = nptConstruct
        self.context = context
        self.mechanism = mechanism
        self.mechanismResource = mechanismResource
        self.mechanismReasoning = mechanismReasoning
        self.outcome = outcome
        self.counterEvidence = counterEvidence
        self.window = window
    }

    /// The CMOC part a code stands for, if any (context, mechanism or outcome; counter-evidence is `nil`).
    public func component(of code: String) -> Component? {
        if context.contains(code) { return .context }
        if mechanism.contains(code) { return .mechanism }
        if outcome.contains(code) { return .outcome }
        return nil
    }
}

/// A part of a CMOC.
public enum Component: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case context, mechanism, outcome

    /// `C`, `M` or `O`.
    public var letter: String {
        switch self {
        case .context: return "C"
        case .mechanism: return "M"
        case .outcome: return "O"
        }
    }

    public static func < (a: Component, b: Component) -> Bool { a.order < b.order }
    /// This part's bit in a `ComponentMask`.
    var bit: UInt8 { 1 << UInt8(order) }

    /// Position in C, M, O order (what `<` compares; indexes per-part counts).
    var order: Int {
        switch self {
        case .context: return 0
        case .mechanism: return 1
        case .outcome: return 2
        }
    }
}
