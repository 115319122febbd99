/// A half-open range of UTF-8 byte offsets, `start..<end`.
public struct ByteSpan: Sendable, Hashable, Codable, Comparable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }
    public var count: Int { end - start }
    public func overlaps(_ other: ByteSpan) -> Bool { start < other.end && other.start < end }
    public static func < (a: ByteSpan, b: ByteSpan) -> Bool { (a.start, a.end) < (b.start, b.end) }
}

/// One speaker's uninterrupted contribution, after pseudonymisation.
public struct Turn: Sendable, Hashable, Codable {
    public var documentID: String
    public var site: String
    /// Pseudonym of the speaker (`LW-A1`, `[PERSON-3]`, `Interviewer`…), or nil.
    public var speaker: String?
    /// Stakeholder role from the registry, or nil when the speaker is not registered.
    public var role: String?
    /// 0-based position of the turn in its document.
    public var index: Int
    public var text: String
    /// Where `text` sits in the document's pseudonymised text (`SegmentedDocument.text`).
    public var span: ByteSpan
    public var start: Double?
    public var end: Double?

    public init(
        documentID: String, site: String, speaker: String?, role: String?, index: Int, text: String,
        span: ByteSpan, start: Double? = nil, end: Double? = nil
    ) {
        self.documentID = documentID
        self.site = site
        self.speaker = speaker
        self.role = role
        self.index = index
        self.text = text
        self.span = span
        self.start = start
        self.end = end
    }
}

/// A pseudonymised document cut into turns.
public struct SegmentedDocument: Sendable, Hashable, Codable {
    public var id: String
    public var site: String
    public var dataType: String
    public var format: String
    /// The pseudonymised transcript as one text: `speaker: text` per turn, one per line.
    public var text: String
    public var turns: [Turn]

    public init(id: String, site: String, dataType: String, format: String, text: String, turns: [Turn]) {
        self.id = id
        self.site = site
        self.dataType = dataType
        self.format = format
        self.text = text
        self.turns = turns
    }
}
