/// How to read an XML vocabulary with no built-in reader: XPath 1.0 expressions evaluated by libxml2.
///
/// `turn` selects one node per unit; the other expressions are evaluated relative to that node and
/// converted to strings (`string(...)` semantics). In pipeline YAML:
/// ```yaml
/// xml:
///   turn: //t:utterance
///   speaker: "@by"
///   text: "."
///   start: "@from"
///   namespaces: { t: "urn:example:talk" }
/// ```
public struct XMLMapping: Sendable, Hashable, Codable {
    public var turn: String
    public var speaker: String?
    /// Defaults to `.` (the turn node's whole text).
    public var text: String?
    /// Seconds (`12.5`) or a clock time (`00:01:02.5`).
    public var start: String?
    public var end: String?
    /// Prefix -> namespace URI, for prefixes used in the expressions.
    public var namespaces: [String: String]

    public init(
        turn: String, speaker: String? = nil, text: String? = nil, start: String? = nil, end: String? = nil,
        namespaces: [String: String] = [:]
    ) {
        self.turn = turn
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
        self.namespaces = namespaces
    }

    enum CodingKeys: String, CodingKey { case turn, speaker, text, start, end, namespaces }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        turn = try c.decode(String.self, forKey: .turn)
        speaker = try c.decodeIfPresent(String.self, forKey: .speaker)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        start = try c.decodeIfPresent(String.self, forKey: .start)
        end = try c.decodeIfPresent(String.self, forKey: .end)
        namespaces = try c.decodeIfPresent([String: String].self, forKey: .namespaces) ?? [:]
    }
}
