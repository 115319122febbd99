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
    // Detections come sorted from `detect`: sort a copy only when they are not.
    var ordered = true
    for index in detections.indices.dropFirst() where detections[index].span < detections[index - 1].span {
        ordered = false
        break
    }
    let list = ordered ? detections : detections.sorted { $0.span < $1.span }
    var text = text
    // Fast path: the replacements first (one string each), then the output's exact length, then
    // one copy of the kept bytes and replacements into the result's own storage.
    return text.withUTF8 { bytes in
        var pieces: [(start: Int, end: Int, replacement: String)] = []
        pieces.reserveCapacity(list.count)
        var cursor = 0
        var length = 0
        for detection in list where detection.span.start >= cursor {
            let start = min(detection.span.start, bytes.count)
            let replacement = key.replacement(for: detection)
            length += start - cursor + replacement.utf8.count
            cursor = min(detection.span.end, bytes.count)
            pieces.append((start, cursor, replacement))
        }
        length += bytes.count - cursor
        return String(unsafeUninitializedCapacity: length) { out in
            var written = 0
            var kept = 0
            func copy(_ source: UnsafeBufferPointer<UInt8>) {
                guard let base = source.baseAddress, let target = out.baseAddress, !source.isEmpty else { return }
                (target + written).update(from: base, count: source.count)
                written += source.count
            }
            for var piece in pieces {
                copy(UnsafeBufferPointer(rebasing: bytes[kept..<piece.start]))
                piece.replacement.withUTF8 { copy($0) }
                kept = piece.end
            }
            copy(UnsafeBufferPointer(rebasing: bytes[kept...]))
            return written
        }
    }
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
    // Consecutive utterances mostly share a speaker: reuse the last label's mapping instead of
    // hashing the label again.
    var last: (label: String, mapped: String)?
    for index in result.utterances.indices {
        if let speaker = result.utterances[index].speaker {
            if let last, last.label == speaker {
                result.utterances[index].speaker = last.mapped
            } else {
                let mapped = labelMap[speaker] ?? pseudonymise(text: speaker, detections: [], key: key)
                result.utterances[index].speaker = mapped
                last = (speaker, mapped)
            }
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
