import CmocModel

/// Segment stage: cuts a pseudonymised document into turns by speaker.
///
/// Needs: a `SourceDocument` whose texts and labels are already pseudonymised, the document's
/// manifest entry, and the roles of registered pseudonyms. Provides: a `SegmentedDocument` whose
/// `text` is the transcript as `speaker: text` lines and whose turns point into it by UTF-8 offsets.
public enum Segmenter {
    /// Label written before a turn that has no attributable speaker.
    public static let unattributedLabel = "(no speaker)"

    /// - Parameters:
    ///   - document: pseudonymised transcript (labels are pseudonyms or neutral labels).
    ///   - entry: the manifest row (document id, site, data type).
    ///   - roles: role of each registered pseudonym (`LW-A1` -> `link_worker`).
    /// - Complexity: O(n) in the length of the document's text.
    public static func segment(
        _ document: SourceDocument, entry: ManifestEntry, roles: [String: String]
    ) -> SegmentedDocument {
        // The document text is built as a String directly (appending Strings copies their bytes;
        // no byte array to copy and validate again at the end). `utf8.count` of a native String is O(1).
        var text = ""
        text.reserveCapacity(document.utterances.reduce(0) { $0 + $1.text.utf8.count + 16 })
        var turns: [Turn] = []
        turns.reserveCapacity(document.utterances.count)
        // A document has a handful of speakers: look each label's role up once, not once per turn.
        var roleCache: [(label: String, role: String?)] = []
        func cachedRole(_ label: String) -> String? {
            if let known = roleCache.first(where: { $0.label == label }) { return known.role }
            let found = roles[label] ?? Segmenter.role(ofUnregistered: label)
            roleCache.append((label, found))
            return found
        }
        // Runs of utterances by one speaker become one turn (`SourceDocument.mergedTurns`). Most runs
        // are a single utterance, used as it is; only longer runs are merged, by `mergedTurns` on
        // the run alone, so the whole utterance list is not copied.
        let utterances = document.utterances
        var runStart = 0
        while runStart < utterances.count {
            var runEnd = runStart + 1
            while runEnd < utterances.count, utterances[runEnd].speaker == utterances[runStart].speaker { runEnd += 1 }
            let merged =
                runEnd == runStart + 1
                ? utterances[runStart]
                : SourceDocument(id: document.id, format: document.format, utterances: Array(utterances[runStart..<runEnd]))
                    .mergedTurns[0]
            runStart = runEnd
            let body = normalisedWhitespace(merged.text)
            if body.isEmpty { continue }
            text += merged.speaker ?? unattributedLabel
            text += ": "
            let start = text.utf8.count
            text += body
            let end = text.utf8.count
            text += "\n"
            turns.append(
                Turn(
                    documentID: entry.id, site: entry.site, speaker: merged.speaker,
                    role: merged.speaker.flatMap { cachedRole($0) }, index: turns.count, text: body,
                    span: ByteSpan(start, end), start: merged.start, end: merged.end))
        }
        return SegmentedDocument(
            id: entry.id, site: entry.site, dataType: entry.dataType, format: document.format,
            text: text, turns: turns)
    }

    /// Labels that name the interviewer or facilitator rather than a participant. A turn under one of
    /// them that no registry id claims is the researcher's: role `interviewer`, never evidence.
    public static let interviewerLabels: Set<String> = [
        "interviewer", "interviewer 1", "interviewer 2", "interviewer1", "interviewer2", "int", "int1", "int2",
        "i", "i1", "i2", "facilitator", "moderator", "researcher", "q", "question", "observer",
    ]

    static func role(ofUnregistered label: String) -> String? {
        interviewerLabels.contains(label.lowercased()) ? "interviewer" : nil
    }

    /// Collapses runs of white space (including line breaks inside a turn) to one space and trims
    /// the ends, so a turn is one line of the document text and offsets are stable.
    static func normalisedWhitespace(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8 { bytes -> String in
            // Most turns are already one line with single spaces: hand them back untouched.
            if isNormalised(bytes) { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if isSpace(byte) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace {
                        out.append(0x20)
                        pendingSpace = false
                    }
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// No white space but single ASCII spaces between words.
    static func isNormalised(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if isSpace(first) || isSpace(last) { return false }
        // Fast path, eight bytes at a time: a block passes when it has no byte below 0x0E (which
        // covers tab to carriage return) and no space next to a space (inside the block, or the
        // block's first byte after the previous block's last). Any other block, and the tail, go
        // through the byte loop below, which is the definition.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var k = 0
        var previousSpace = false
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while k + 8 <= bytes.count {
                let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                // High bit set in each byte below 0x0E (exact for bytes below 0x80; others have their high bit set).
                let control = (x &- ones &* 0x0E) & ~x & highs
                // High bit set exactly in each byte that is a space.
                let y = x ^ (ones &* 0x20)
                let spaces = ~(((y & lows) &+ lows) | y | lows)
                let doubled = spaces & (spaces >> 8)
                let straddling = previousSpace && spaces & 0x80 != 0
                if control != 0 || doubled != 0 || straddling { break }
                previousSpace = spaces >> 63 != 0
                k += 8
            }
        }
        for byte in bytes[k...] {
            if byte == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                if byte >= 0x09 && byte <= 0x0D { return false }
                previousSpace = false
            }
        }
        return true
    }
}
