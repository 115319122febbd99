import CmocModel

/// A document with every detection replaced: utterance texts, speaker labels, declared names.
public struct PseudonymisedDocument: Sendable, Hashable, Codable {
    public var document: SourceDocument
    /// Pseudonymised speaker label -> participant id, for labels that name a registered participant
    /// (the label itself is then the id), so later stages can look up roles.
    public var speakerParticipants: [String: String]

    public init(document: SourceDocument, speakerParticipants: [String: String]) {
        self.document = document
        self.speakerParticipants = speakerParticipants
    }
}

/// `text` with each detection's span replaced by the key's replacement (detections sorted,
/// non-overlapping, UTF-8 spans into `text`).
public func pseudonymise(text: String, detections: [Detection], key: PseudonymKey) -> String {
    guard !detections.isEmpty else { return text }
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 16)
    var cursor = 0
    for detection in detections.sorted(by: { $0.span < $1.span }) where detection.span.start >= cursor {
        out += bytes[cursor..<detection.span.start]
        out += Array(key.replacement(for: detection).utf8)
        cursor = min(detection.span.end, bytes.count)
    }
    out += bytes[cursor...]
    return String(decoding: out, as: UTF8.self)
}

/// Applies a document's detections with an assigned key. A label naming a participant becomes
/// their id; other labels have their names replaced.
public func pseudonymise(document: SourceDocument, detections: DocumentDetections, key: PseudonymKey) -> PseudonymisedDocument {
    var result = document
    var labelMap: [String: String] = [:]
    var participants: [String: String] = [:]
    for label in detections.labels {
        let replaced = label.participantID ?? pseudonymise(text: label.label, detections: label.detections, key: key)
        labelMap[label.label] = replaced
        if let id = label.participantID { participants[replaced] = id }
    }
    for index in result.utterances.indices {
        if let speaker = result.utterances[index].speaker {
            result.utterances[index].speaker = labelMap[speaker] ?? pseudonymise(text: speaker, detections: [], key: key)
        }
        if index < detections.utterances.count {
            result.utterances[index].text = pseudonymise(
                text: result.utterances[index].text, detections: detections.utterances[index], key: key)
        }
    }
    for index in result.declaredSpeakers.indices {
        let speaker = result.declaredSpeakers[index]
        if let name = speaker.name, index < detections.declaredNames.count {
            result.declaredSpeakers[index].name = pseudonymise(text: name, detections: detections.declaredNames[index], key: key)
        }
        if let mapped = labelMap[speaker.id] { result.declaredSpeakers[index].id = mapped }
    }
    return PseudonymisedDocument(document: result, speakerParticipants: participants)
}
