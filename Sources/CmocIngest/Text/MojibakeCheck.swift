import CmocModel

/// Flags text that was UTF-8, read as Latin-1 and saved as UTF-8 again (`cafÃ©` for `café`):
/// valid UTF-8 that no parser rejects. Reported as a warning naming the unit, never the text.
enum MojibakeCheck {
    /// Index of the first utterance whose text holds `Ã` or `Â` followed by U+0080-U+00BF.
    static func firstSuspectUnit(_ utterances: [Utterance]) -> Int? {
        utterances.firstIndex { unit in
            var text = unit.text
            return text.withUTF8(isSuspect)
        }
    }

    /// Whether the bytes hold C3 83 or C3 82 followed by C2 80-BF; jumps from one C3 to the next.
    static func isSuspect(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 4, let base = bytes.baseAddress else { return false }
        var i = 0
        let last = bytes.count - 3
        while i < last {
            guard let k = ByteText.firstOffset(of: 0xC3, in: UnsafeBufferPointer(start: base + i, count: last - i)) else {
                return false
            }
            i += k
            if (bytes[i + 1] == 0x83 || bytes[i + 1] == 0x82) && bytes[i + 2] == 0xC2 && bytes[i + 3] >= 0x80
                && bytes[i + 3] <= 0xBF {
                return true
            }
            i += 1
        }
        return false
    }

    static func warning(_ utterances: [Utterance], displayName: String) -> Diagnostic? {
        guard let index = firstSuspectUnit(utterances) else { return nil }
        return Diagnostic(
            .warning, stage: "ingest", at: SourceLocation(file: displayName),
            "text of unit \(index + 1) looks double-encoded (UTF-8 read as Latin-1, such as \u{C3}\u{A9} for \u{E9})",
            hint: "re-export the transcript from its original tool, or fix the encoding before ingesting")
    }
}
