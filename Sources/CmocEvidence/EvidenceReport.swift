import CmocModel

/// Everything the evidence stage found, ready for the report writers: per-site matrices, the
/// cross-site cells, counts for the audit trail, and the long and wide segment tables.
///
/// Built by `EvidenceBuilder.finish()`; every array is in a documented stable order so that the same
/// corpus always gives the same report, whatever order documents were added in.
public struct EvidenceReport: Sendable, Codable, Hashable {
    public var cmocs: [CMOCDefinition]
    /// The code list, in codebook order.
    public var codes: [CodeInfo]
    /// One matrix per site that has at least one document, by site id.
    public var sites: [SiteMatrix]
    /// One cell per CMOC (CMOC order) over all sites together.
    public var overall: [CellEvidence]
    /// Documents by id.
    public var documents: [DocumentSummary]
    /// Coded segments (turns with at least one hit, any direction) per code and site; by code then site.
    public var codeFrequency: [CodeCount]
    /// Coded segments per code and stakeholder role over all sites; by code then role.
    public var codeByRole: [CodeCount]
    /// Distinct speakers per site and role, as seen in the transcripts; by site then role.
    public var participants: [SpeakerCount]
    /// Distinct speakers per role over all sites (`siteID` empty): someone heard at several sites
    /// counts once.
    public var participantTotals: [SpeakerCount] = []
    /// How often each coding rule fired (hits, any direction), by rule id.
    public var ruleCounts: [RuleCount]
    /// One row per code hit: by document, turn, span start, code, rule, direction.
    public var segments: [SegmentRow]
    /// One row per turn of every document: by document, turn.
    public var presence: [PresenceRow]
    /// Codes that support some turn but are not in `codes` (hits of codes the codebook does not
    /// have, each warned about), sorted: `presence.csv` gives them columns after the codebook's.
    public var unlistedCodes: [String] = []
    /// Problems with the input that did not stop the run (skipped hits, duplicate documents…).
    public var warnings: [Diagnostic]
    /// Roles whose turns are not counted as evidence (e.g. `interviewer`, `researcher`) outside
    /// `observationDataTypes`, and never as stakeholder groups.
    public var excludedRoles: [String]
    /// Data types where turns of excluded roles do count (a researcher's observation notes).
    public var observationDataTypes: [String]
    public var quotesPerCell: Int
    /// When the builder spilled rows to a file: `segments` and `presence` are then empty and the rows
    /// are read back, document by document, with `forEachRowBlock`.
    public var spilledRows: SpilledRows?

    /// Calls `body` with the segment and presence rows, a document at a time (document id order) when
    /// they were spilled, else all at once: the same rows, in the same order, either way.
    /// `segments`/`presence` false: that list is not read back (given empty) when rows were spilled.
    public func forEachRowBlock(
        segments wantSegments: Bool = true, presence wantPresence: Bool = true,
        _ body: ([SegmentRow], [PresenceRow]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        guard let spilledRows else {
            try body(segments, presence)
            return
        }
        try spilledRows.forEachBlock(in: documents.map(\.id)) { (block: [UInt8]) throws(DiagnosticError) in
            guard let rows = RowCodec.decode(block, segments: wantSegments, presence: wantPresence) else {
                throw DiagnosticError(
                    EvidenceProblem.unreadableSpill(path: spilledRows.file?.path ?? "", reason: "damaged block")
                        .diagnostic())
            }
            try body(rows.segments, rows.presence)
        }
    }
}

/// A site as reports may show it: its id and attributes, never its name.
public struct SiteInfo: Sendable, Codable, Hashable {
    public var id: String
    public var attributes: [String: String]

    public init(id: String, attributes: [String: String]) {
        self.id = id
        self.attributes = attributes
    }
}

/// The evidence matrix of one site: a row per CMOC.
public struct SiteMatrix: Sendable, Codable, Hashable {
    public var site: SiteInfo
    public var documents: Int
    public var turns: Int
    /// Distinct speakers at the site (any role, including excluded ones).
    public var speakers: Int
    /// Stakeholder groups (registered roles other than excluded ones) heard at the site, sorted.
    public var roles: [String]
    /// Data types of the site's documents, sorted.
    public var dataTypes: [String]
    /// One cell per CMOC, in CMOC order.
    public var rows: [CellEvidence]
}

/// The evidence for one CMOC at one site (or over all sites when `siteID` is nil).
public struct CellEvidence: Sendable, Codable, Hashable {
    public var cmocID: String
    public var siteID: String?
    /// Turns with a supporting hit of any of the CMOC's C, M or O codes.
    public var supportingSegments: Int
    public var contextSegments: Int
    public var mechanismSegments: Int
    public var outcomeSegments: Int
    /// Turns with a negated C/M/O hit or a supporting counter-evidence hit.
    public var refutingSegments: Int
    /// Turns with a tentative (hedged) hit of any of the CMOC's codes; never used for grading.
    public var tentativeSegments: Int
    public var fullConfigurations: [Configuration]
    public var partialConfigurations: [Configuration]
    /// Triangulation over supporting segments.
    public var documents: Int
    public var sites: Int
    public var speakers: Int
    public var roles: [String]
    public var dataTypes: [String]
    /// Roles of speakers in refuting segments.
    public var refutingRoles: [String]
    /// Roles and data types present where this cell looks, with no supporting or refuting segment.
    public var gaps: Gaps
    public var grade: Grade
    /// The id of the grading rule that decided (`G1`…`G6`, see GRADES.md).
    public var gradeRule: String
    public var quotes: [Quote]
    public var refutingQuotes: [Quote]
}

/// Stakeholder roles and data types with no evidence for a CMOC.
public struct Gaps: Sendable, Codable, Hashable {
    public var roles: [String]
    public var dataTypes: [String]

    public init(roles: [String], dataTypes: [String]) {
        self.roles = roles
        self.dataTypes = dataTypes
    }
}

/// C, M and O (full) or two of them (partial) supported within the CMOC's window of turns in one document.
public struct Configuration: Sendable, Codable, Hashable {
    public var siteID: String
    public var documentID: String
    public var firstTurn: Int
    public var lastTurn: Int
    public var components: [Component]
    /// Roles and speakers of the turns that carry the configuration's hits, sorted.
    public var roles: [String]
    public var speakers: [String]

    public init(
        siteID: String, documentID: String, firstTurn: Int, lastTurn: Int, components: [Component], roles: [String],
        speakers: [String]
    ) {
        self.siteID = siteID
        self.documentID = documentID
        self.firstTurn = firstTurn
        self.lastTurn = lastTurn
        self.components = components
        self.roles = roles
        self.speakers = speakers
    }
}

/// How a quoted segment relates to configurations: quotes are chosen from `full` first.
public enum QuoteTier: String, Sendable, Codable, Hashable, Comparable {
    case full, partial, isolated

    public static func < (a: QuoteTier, b: QuoteTier) -> Bool { a.rank < b.rank }
    var rank: Int {
        switch self {
        case .full: return 0
        case .partial: return 1
        case .isolated: return 2
        }
    }
}

/// A quote with its citation anchor, from the pseudonymised text.
public struct Quote: Sendable, Codable, Hashable {
    public var siteID: String
    public var documentID: String
    public var turnIndex: Int
    public var speaker: String?
    public var role: String
    /// Media time of the turn in seconds, when the format has it.
    public var start: Double?
    /// The sentence(s) around the hit, trimmed to about 300 bytes at word boundaries, whitespace collapsed.
    public var excerpt: String
    /// UTF-8 offsets of the hit inside `excerpt`.
    public var highlight: ByteSpan
    /// CMOC parts this turn supports (empty for refuting quotes).
    public var components: [Component]
    /// The CMOC's codes hit in this turn, sorted.
    public var codes: [String]
    public var tier: QuoteTier

    public init(
        siteID: String, documentID: String, turnIndex: Int, speaker: String?, role: String, start: Double?,
        excerpt: String, highlight: ByteSpan, components: [Component], codes: [String], tier: QuoteTier
    ) {
        self.siteID = siteID
        self.documentID = documentID
        self.turnIndex = turnIndex
        self.speaker = speaker
        self.role = role
        self.start = start
        self.excerpt = excerpt
        self.highlight = highlight
        self.components = components
        self.codes = codes
        self.tier = tier
    }
}

/// One document as the audit trail shows it.
public struct DocumentSummary: Sendable, Codable, Hashable {
    public var id: String
    public var siteID: String
    public var dataType: String
    public var format: String
    public var turns: Int
    public var hits: Int
}

/// A count of coded segments for a code and a site or role.
public struct CodeCount: Sendable, Codable, Hashable {
    public var codeID: String
    /// A site id (`codeFrequency`) or a role (`codeByRole`).
    public var key: String
    public var segments: Int
}

/// Distinct speakers of a role at a site.
public struct SpeakerCount: Sendable, Codable, Hashable {
    public var siteID: String
    public var role: String
    public var speakers: Int
}

/// How often a rule fired.
public struct RuleCount: Sendable, Codable, Hashable {
    public var ruleID: String
    public var hits: Int
}

/// One code hit, for `segments.csv`.
public struct SegmentRow: Sendable, Codable, Hashable {
    public var siteID: String
    public var documentID: String
    public var dataType: String
    public var turnIndex: Int
    public var speaker: String?
    public var role: String
    public var codeID: String
    /// Empty when the code is not in the code list.
    public var codeKind: String
    public var ruleID: String
    public var direction: Direction
    public var span: ByteSpan
    public var excerpt: String
}

/// One turn, for `presence.csv`: which codes have a supporting hit in it.
public struct PresenceRow: Sendable, Codable, Hashable {
    public var siteID: String
    public var documentID: String
    public var dataType: String
    public var turnIndex: Int
    public var speaker: String?
    public var role: String
    /// Codes with at least one supporting hit in the turn, sorted.
    public var codes: [String]
}
