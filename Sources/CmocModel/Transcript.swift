/// One unit of speech as a format records it (a labelled paragraph, a cue, a `<u>`, a `<Turn>`,
/// an annotation…), before pseudonymisation.
public struct Utterance: Sendable, Hashable, Codable {
    /// The speaker label exactly as written (after alias normalisation, if configured), or nil
    /// when the text has no attributable speaker.
    public var speaker: String?
    public var text: String
    /// Media time in seconds, where the format has it.
    public var start: Double?
    public var end: Double?

    public init(speaker: String?, text: String, start: Double? = nil, end: Double? = nil) {
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
    }
}

/// A speaker declared by the file itself (TEI `<person>`, Transcriber `<Speaker>`, CHAT
/// `@Participants`…). `name` may be a real name: it is only used to pseudonymise.
public struct SpeakerDeclaration: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var role: String?

    public init(id: String, name: String? = nil, role: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
    }
}

/// A transcript as read from its file, before pseudonymisation.
public struct SourceDocument: Sendable, Hashable, Codable {
    public var id: String
    /// The reader that produced it (`plaintext`, `tei`, `webvtt`…).
    public var format: String
    /// The encoding the bytes were decoded from (`utf-8`, `utf-8+bom`, `utf-16le`, `windows-1252`…).
    public var encoding: String
    public var declaredSpeakers: [SpeakerDeclaration]
    public var utterances: [Utterance]
    /// Problems worth telling the user that did not stop the reading (e.g. suspected mojibake),
    /// pointing at a unit number, never quoting text.
    public var warnings: [Diagnostic]

    public init(
        id: String, format: String, encoding: String = "utf-8",
        declaredSpeakers: [SpeakerDeclaration] = [], utterances: [Utterance],
        warnings: [Diagnostic] = []
    ) {
        self.id = id
        self.format = format
        self.encoding = encoding
        self.declaredSpeakers = declaredSpeakers
        self.utterances = utterances
        self.warnings = warnings
    }

    /// Distinct non-nil speaker labels in order of first use.
    public var speakers: [String] {
        var result: [String] = []
        // Most documents have a handful of speakers: a look along the list found so far (small
        // strings compare without hashing) until there are enough for a set to pay.
        var seen: Set<String>?
        var previous: String?
        for unit in utterances {
            guard let label = unit.speaker, label != previous else { continue }
            previous = label
            if seen == nil {
                if result.contains(label) { continue }
                result.append(label)
                if result.count == 16 { seen = Set(result) }
            } else if seen?.insert(label).inserted == true {
                result.append(label)
            }
        }
        return result
    }

    /// How many of `mergedTurns` have a speaker, counted without joining their texts.
    public var attributedTurnCount: Int {
        var count = 0
        var previous: String??
        for unit in utterances where previous != .some(unit.speaker) {
            previous = .some(unit.speaker)
            if unit.speaker != nil { count += 1 }
        }
        return count
    }

    /// Turns: runs of consecutive utterances by the same speaker joined into one
    /// (texts separated by a space; times from the first start to the last end).
    public var mergedTurns: [Utterance] {
        var turns: [Utterance] = []
        for unit in utterances {
            if var last = turns.last, last.speaker == unit.speaker {
                if last.text.isEmpty {
                    last.text = unit.text
                } else if !unit.text.isEmpty {
                    last.text += " " + unit.text
                }
                if last.start == nil { last.start = unit.start }
                if let end = unit.end { last.end = max(last.end ?? end, end) }
                turns[turns.count - 1] = last
            } else {
                turns.append(unit)
            }
        }
        return turns
    }
}
