import CmocModel

/// The eleven kinds of identifying text the stage finds, with their JSON names.
public enum EntityKind: String, Sendable, Hashable, Codable, CaseIterable {
    case person, place, organisation, email, url, phone
    case nhsNumber = "nhs_number"
    case postcode
    case niNumber = "ni_number"
    case date, address

    /// Names get numbered pseudonyms; direct identifiers get a fixed tag.
    public var isName: Bool { self == .person || self == .place || self == .organisation }

    /// `[EMAIL]`, `[NHS-NUMBER]`… for direct identifiers; the numbered prefix (`PERSON`) for names.
    public var tag: String {
        switch self {
        case .person: return "PERSON"
        case .place: return "PLACE"
        case .organisation: return "ORG"
        case .email: return "EMAIL"
        case .url: return "URL"
        case .phone: return "PHONE"
        case .nhsNumber: return "NHS-NUMBER"
        case .postcode: return "POSTCODE"
        case .niNumber: return "NI-NUMBER"
        case .date: return "DATE"
        case .address: return "ADDRESS"
        }
    }

    /// `[PHONE]`: `tag` in brackets, what replaces a direct identifier (a literal, not built per detection).
    var bracketedTag: String {
        switch self {
        case .person: return "[PERSON]"
        case .place: return "[PLACE]"
        case .organisation: return "[ORG]"
        case .email: return "[EMAIL]"
        case .url: return "[URL]"
        case .phone: return "[PHONE]"
        case .nhsNumber: return "[NHS-NUMBER]"
        case .postcode: return "[POSTCODE]"
        case .niNumber: return "[NI-NUMBER]"
        case .date: return "[DATE]"
        case .address: return "[ADDRESS]"
        }
    }

    /// `person:`: the raw value and a colon, how `PseudonymKey` prefixes a canonical form in its look-up.
    var lookupPrefix: String {
        switch self {
        case .person: return "person:"
        case .place: return "place:"
        case .organisation: return "organisation:"
        case .email: return "email:"
        case .url: return "url:"
        case .phone: return "phone:"
        case .nhsNumber: return "nhs_number:"
        case .postcode: return "postcode:"
        case .niNumber: return "ni_number:"
        case .date: return "date:"
        case .address: return "address:"
        }
    }
}

/// Where a detection came from, which decides which wins when two overlap.
public enum DetectionSource: String, Sendable, Hashable, Codable {
    /// A direct-identifier pattern (email, phone, NHS number…).
    case pattern
    /// The participant registry, site names or the places list.
    case registry
    /// The third-party name heuristics (word lists, cues, capitalisation).
    case heuristic
}

/// One identifying span found in a text.
public struct Detection: Sendable, Hashable, Codable {
    /// UTF-8 offsets into the text that was scanned.
    public var span: ByteSpan
    public var kind: EntityKind
    /// The text of the span as written (sensitive).
    public var original: String
    /// The participant's id when the span names a registered participant.
    public var participantID: String?
    /// The normalised form pseudonyms are keyed on (lower case, single spaces, no title); for a
    /// first name or surname alone it is the document's full name when that is unambiguous.
    public var canonical: String
    public var source: DetectionSource
    /// Low confidence: replaced all the same, and listed for human review beside the key.
    public var uncertain: Bool
    /// Why it is uncertain (`invalid NHS check digit`, `capitalised common word`…).
    public var reason: String?
    /// Found by strong evidence, not capitals alone: a pattern, the registry, a title or a cue
    /// (`my neighbour Rose`, `Tannery Lane`). The leak guard checks such originals even when they
    /// are ordinary words.
    public var strongEvidence: Bool

    public init(
        span: ByteSpan, kind: EntityKind, original: String, participantID: String? = nil, canonical: String,
        source: DetectionSource, uncertain: Bool = false, reason: String? = nil, strongEvidence: Bool = false
    ) {
        self.strongEvidence = strongEvidence
        self.span = span
        self.kind = kind
        self.original = original
        self.participantID = participantID
        self.canonical = canonical
        self.source = source
        self.uncertain = uncertain
        self.reason = reason
    }
}

/// The detections of one document, per part, in document order.
public struct DocumentDetections: Sendable, Hashable, Codable {
    public var documentID: String
    /// Per declared speaker (same order as `SourceDocument.declaredSpeakers`): detections in its name.
    public var declaredNames: [[Detection]]
    /// Per distinct speaker label (order of `SourceDocument.speakers`): the label and its detections.
    public var labels: [LabelDetections]
    /// Per utterance (same order as `SourceDocument.utterances`): detections in its text.
    public var utterances: [[Detection]]

    public init(documentID: String, declaredNames: [[Detection]], labels: [LabelDetections], utterances: [[Detection]]) {
        self.documentID = documentID
        self.declaredNames = declaredNames
        self.labels = labels
        self.utterances = utterances
    }

    /// Every detection in the order keys are assigned: declared names, labels, then utterances.
    public var all: [Detection] {
        declaredNames.flatMap { $0 } + labels.flatMap(\.detections) + utterances.flatMap { $0 }
    }
}

/// A speaker label and what was found in it.
public struct LabelDetections: Sendable, Hashable, Codable {
    public var label: String
    public var detections: [Detection]
    /// The participant the whole label names (after titles), if any.
    public var participantID: String?

    public init(label: String, detections: [Detection], participantID: String?) {
        self.label = label
        self.detections = detections
        self.participantID = participantID
    }
}
