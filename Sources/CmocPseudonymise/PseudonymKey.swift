import CmocModel
import Foundation

/// The re-identification key: pseudonym -> original, and the look-up original -> pseudonym, with
/// the next number per kind. Assign documents in corpus order (sequentially) so numbering is the
/// same for any job count; re-runs load the key so pseudonyms stay stable.
///
/// Participants are not numbered: their registry id is their pseudonym. Direct identifiers get a
/// fixed tag (`[PHONE]`) and are not stored.
public struct PseudonymKey: Sendable, Codable, Hashable {
    public struct Entry: Sendable, Codable, Hashable {
        public var kind: EntityKind
        /// The text as first written (sensitive).
        public var original: String
        /// True when some mention was found by strong evidence (title, cue, pattern); absent
        /// otherwise. The leak guard skips an ordinary-word original without it.
        public var strongEvidence: Bool?
    }

    /// Pseudonym (`[PERSON-3]`) -> what it stands for.
    public private(set) var pseudonyms: [String: Entry] = [:]
    /// `kind:canonical` -> pseudonym.
    public private(set) var lookup: [String: String] = [:]
    /// Last number used per kind tag (`PERSON`, `PLACE`, `ORG`).
    public private(set) var counters: [String: Int] = [:]
    /// Uncertain detections for a person to check; saved beside the key, never with outputs.
    public private(set) var review: [ReviewEntry] = []
    /// The entries of `review` as a set, so adding one is not a scan of the whole list.
    private var reviewIndex = ReviewIndex()

    enum CodingKeys: String, CodingKey { case pseudonyms, lookup, counters }

    public init() {}

    /// Reads the key at `url` (and its review list), or returns an empty key when there is none.
    /// A sealed key needs `passphrase`; a file readable by group or others is refused.
    public static func load(at url: URL, passphrase: String?) throws(DiagnosticError) -> PseudonymKey {
        guard let data = try KeyFile.readProtected(url) else { return PseudonymKey() }
        let plain = try KeyFile.unseal(data, passphrase: passphrase, path: url.path)
        var key: PseudonymKey
        do { key = try JSONDecoder().decode(PseudonymKey.self, from: plain) } catch {
            throw PseudonymiseError.keyMalformed(path: url.path, reason: "not a cmoc key file").error
        }
        let reviewURL = PseudonymKey.reviewURL(for: url)
        if let reviewData = try KeyFile.readProtected(reviewURL) {
            let plainReview = try KeyFile.unseal(reviewData, passphrase: passphrase, path: reviewURL.path)
            do { key.review = try JSONDecoder().decode([ReviewEntry].self, from: plainReview) } catch {
                throw PseudonymiseError.keyMalformed(path: reviewURL.path, reason: "not a cmoc review list").error
            }
        }
        return key
    }

    /// The environment variable holding the key's passphrase.
    public static let passphraseVariable = "CMOC_KEY_PASSPHRASE"

    /// The passphrase from `CMOC_KEY_PASSPHRASE`, or nil when unset or empty (key stored unsealed).
    public static func passphraseFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let value = environment[passphraseVariable], !value.isEmpty else { return nil }
        return value
    }

    /// Where the review list of the key at `url` lives: `<key>.review.json` beside it.
    public static func reviewURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".review.json")
    }

    /// Writes the key (and its review list) with mode 0600, refusing a path inside `outputDirectory`
    /// or an existing file with loose permissions; sealed when `passphrase` is given.
    public func save(to url: URL, outputDirectory: URL?, passphrase: String?) throws(DiagnosticError) {
        let reviewURL = PseudonymKey.reviewURL(for: url)
        if let outputDirectory {
            try KeyFile.checkOutside(key: url, output: outputDirectory)
            try KeyFile.checkOutside(key: reviewURL, output: outputDirectory)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let keyData: Data
        let reviewData: Data
        do {
            keyData = try encoder.encode(self)
            reviewData = try encoder.encode(review)
        } catch {
            throw PseudonymiseError.keyWriteFailed(path: url.path, reason: "cannot encode").error
        }
        if let passphrase, !passphrase.isEmpty {
            try KeyFile.writeProtected(KeyFile.seal(keyData, passphrase: passphrase), to: url)
            try KeyFile.writeProtected(KeyFile.seal(reviewData, passphrase: passphrase), to: reviewURL)
        } else {
            try KeyFile.writeProtected(keyData, to: url)
            try KeyFile.writeProtected(reviewData, to: reviewURL)
        }
    }

    static func lookupKey(_ detection: Detection) -> String { detection.kind.lookupPrefix + detection.canonical }

    /// Gives every new name in the document the next number of its kind, in document order, and
    /// records uncertain detections for review.
    public mutating func assign(_ detections: DocumentDetections) {
        assign(detections.all, documentID: detections.documentID)
    }

    /// Same for a plain list of detections (a text outside any document).
    public mutating func assign(_ detections: [Detection], documentID: String) {
        for detection in detections {
            if detection.kind.isName && detection.participantID == nil {
                let key = PseudonymKey.lookupKey(detection)
                if lookup[key] == nil {
                    let tag = detection.kind.tag
                    let number = (counters[tag] ?? 0) + 1
                    counters[tag] = number
                    let pseudonym = "[\(tag)-\(number)]"
                    lookup[key] = pseudonym
                    pseudonyms[pseudonym] = Entry(
                        kind: detection.kind, original: detection.original, strongEvidence: detection.strongEvidence ? true : nil)
                } else if detection.strongEvidence, let pseudonym = lookup[key], pseudonyms[pseudonym]?.strongEvidence == nil {
                    pseudonyms[pseudonym]?.strongEvidence = true
                }
            }
            if detection.uncertain {
                let entry = ReviewEntry(
                    documentID: documentID, kind: detection.kind, replacement: replacement(for: detection),
                    original: detection.original, reason: detection.reason ?? "low confidence")
                if reviewIndex.covered != review.count { reviewIndex = ReviewIndex(review) }
                if reviewIndex.seen.insert(entry).inserted {
                    review.append(entry)
                    reviewIndex.covered = review.count
                }
            }
        }
    }

    /// What replaces the detection: the participant's id, the name's pseudonym, or the kind's tag.
    /// A name never assigned gets the bare tag (`[PERSON]`), never its original.
    public func replacement(for detection: Detection) -> String {
        if let id = detection.participantID { return id }
        if detection.kind.isName, let pseudonym = lookup[PseudonymKey.lookupKey(detection)] { return pseudonym }
        return detection.kind.bracketedTag
    }

    /// Every original the key holds (for the leak guard).
    public var originals: [(pseudonym: String, original: String)] {
        pseudonyms.sorted { $0.key < $1.key }.map { ($0.key, $0.value.original) }
    }
}

/// An uncertain detection for a person to check (sensitive: stored beside the key only).
public struct ReviewEntry: Sendable, Codable, Hashable {
    public var documentID: String
    public var kind: EntityKind
    public var replacement: String
    public var original: String
    public var reason: String
}

/// The review entries already listed (derived from `PseudonymKey.review`, so it takes no part in
/// the key's equality or hash, and is rebuilt when the list was replaced, as on loading).
private struct ReviewIndex: Sendable, Hashable {
    var seen: Set<ReviewEntry> = []
    /// How many entries of the list `seen` was built from.
    var covered = 0

    init() {}

    init(_ entries: [ReviewEntry]) {
        seen = Set(entries)
        covered = entries.count
    }

    static func == (_: ReviewIndex, _: ReviewIndex) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
