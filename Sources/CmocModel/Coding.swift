/// What a coded segment says about its code: evidence for it, against it (negated), or hedged.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case supports, negated, tentative

    /// Order of declaration: supports, negated, tentative.
    var rank: Int {
        switch self {
        case .supports: 0
        case .negated: 1
        case .tentative: 2
        }
    }

    public static func < (a: Direction, b: Direction) -> Bool { a.rank < b.rank }
}

/// The role a code plays in a CMOC.
public enum CodeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case context, mechanism, outcome, other
}

/// One application of a code to a turn.
public struct CodeHit: Sendable, Hashable, Codable {
    public var documentID: String
    public var turnIndex: Int
    public var codeID: String
    public var ruleID: String
    /// UTF-8 offsets of the matched words inside the turn's text.
    public var span: ByteSpan
    public var direction: Direction

    public init(
        documentID: String, turnIndex: Int, codeID: String, ruleID: String, span: ByteSpan,
        direction: Direction
    ) {
        self.documentID = documentID
        self.turnIndex = turnIndex
        self.codeID = codeID
        self.ruleID = ruleID
        self.span = span
        self.direction = direction
    }
}

/// A segmented document with its code hits: what the coding stage hands to evidence.
public struct CodedDocument: Sendable, Hashable, Codable {
    public var document: SegmentedDocument
    public var hits: [CodeHit]

    public init(document: SegmentedDocument, hits: [CodeHit]) {
        self.document = document
        self.hits = hits
    }
}

/// What later stages need to know about a code, whatever codebook format defined it.
public struct CodeInfo: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    public var kind: CodeKind
    /// The construct this code refines (`coherence` for `coherence-differentiation`), if any.
    public var parent: String?

    public init(id: String, label: String, kind: CodeKind, parent: String? = nil) {
        self.id = id
        self.label = label
        self.kind = kind
        self.parent = parent
    }
}
