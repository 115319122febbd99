/// What the caller can tell the ingest stage about a file: a forced reader, a custom speaker-label
/// pattern, speaker aliases, an XPath mapping for other XML, and resource limits.
public struct IngestOptions: Sendable {
    /// Forces a reader; nil means detect from content (the extension is only a hint).
    public var format: TranscriptFormat?
    /// A regular expression with a named group `speaker` (and optionally `time`), matched at the start
    /// of each plain-text line; replaces the built-in label rules. Example: `^(?<speaker>[A-Z]{1,4})>\s`.
    public var labelPattern: String?
    /// Label as written -> canonical label (`Int1`, `I1` -> `Interviewer`), applied to every format.
    public var speakerAliases: [String: String]
    /// How to read an XML vocabulary that has no built-in reader.
    public var xmlMapping: XMLMapping?
    public var limits: IngestLimits

    public init(
        format: TranscriptFormat? = nil, labelPattern: String? = nil, speakerAliases: [String: String] = [:],
        xmlMapping: XMLMapping? = nil, limits: IngestLimits = IngestLimits()
    ) {
        self.format = format
        self.labelPattern = labelPattern
        self.speakerAliases = speakerAliases
        self.xmlMapping = xmlMapping
        self.limits = limits
    }
}

/// Resource limits that keep hostile or broken files from exhausting memory or time.
public struct IngestLimits: Sendable, Hashable, Codable {
    /// Largest input file accepted, in bytes.
    public var maxBytes: Int
    /// Deepest element nesting walked in an XML document (libxml2 itself stops at 256).
    public var maxXMLDepth: Int
    /// Most XML nodes (elements, text, attributes) copied out of one document.
    public var maxXMLNodes: Int
    /// Most entries a .docx package may list.
    public var docxMaxEntries: Int
    /// Largest total uncompressed size of a .docx package, in bytes.
    public var docxMaxUncompressedBytes: UInt64
    /// Largest uncompressed/compressed ratio of one .docx part.
    public var docxMaxCompressionRatio: UInt64

    public init(
        maxBytes: Int = 64 << 20, maxXMLDepth: Int = 128, maxXMLNodes: Int = 5_000_000,
        docxMaxEntries: Int = 2_000, docxMaxUncompressedBytes: UInt64 = 256 << 20,
        docxMaxCompressionRatio: UInt64 = 200
    ) {
        self.maxBytes = maxBytes
        self.maxXMLDepth = maxXMLDepth
        self.maxXMLNodes = maxXMLNodes
        self.docxMaxEntries = docxMaxEntries
        self.docxMaxUncompressedBytes = docxMaxUncompressedBytes
        self.docxMaxCompressionRatio = docxMaxCompressionRatio
    }

    enum CodingKeys: String, CodingKey {
        case maxBytes = "max_bytes"
        case maxXMLDepth = "max_xml_depth"
        case maxXMLNodes = "max_xml_nodes"
        case docxMaxEntries = "docx_max_entries"
        case docxMaxUncompressedBytes = "docx_max_uncompressed_bytes"
        case docxMaxCompressionRatio = "docx_max_compression_ratio"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = IngestLimits()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? defaults.maxBytes
        maxXMLDepth = try c.decodeIfPresent(Int.self, forKey: .maxXMLDepth) ?? defaults.maxXMLDepth
        maxXMLNodes = try c.decodeIfPresent(Int.self, forKey: .maxXMLNodes) ?? defaults.maxXMLNodes
        docxMaxEntries = try c.decodeIfPresent(Int.self, forKey: .docxMaxEntries) ?? defaults.docxMaxEntries
        docxMaxUncompressedBytes =
            try c.decodeIfPresent(UInt64.self, forKey: .docxMaxUncompressedBytes) ?? defaults.docxMaxUncompressedBytes
        docxMaxCompressionRatio =
            try c.decodeIfPresent(UInt64.self, forKey: .docxMaxCompressionRatio) ?? defaults.docxMaxCompressionRatio
    }
}
