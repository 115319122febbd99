/// Tells the transcript format from the first bytes of a file; the extension only breaks ties
/// between text layouts that look alike (a headerless `.vtt` cue list, a `.srt`).
enum FormatDetector {
    static let sniffLength = 8192

    static func detect(_ bytes: [UInt8], displayName: String) -> TranscriptFormat? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .docx }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .docx }
        let hint = TranscriptFormat.fromExtension(of: displayName)
        guard let head = asciiHead(bytes) else { return nil }
        var i = head.startIndex
        while i < head.endIndex, ByteText.isWhitespace(head[i]) { i += 1 }
        let body = head[i...]
        if body.first == 0x3C { return xmlFormat(body) }
        if ByteText.hasPrefixIgnoringCase(body, "WEBVTT") { return .webvtt }
        if ByteText.hasPrefixIgnoringCase(body, "@UTF8") || ByteText.hasPrefixIgnoringCase(body, "@Begin") { return .chat }
        let lines = ByteText.lines(Array(body)).prefix(40)
        let nonBlank = lines.filter { !ByteText.isBlank($0) }
        if let timing = nonBlank.prefix(3).first(where: { ByteText.find(Array("-->".utf8), in: $0) != nil }) {
            // SRT writes `00:00:01,000`, WebVTT `00:00:01.000`.
            if let arrow = ByteText.find(Array("-->".utf8), in: timing), timing[timing.startIndex..<arrow].contains(0x2C) {
                return .srt
            }
            return hint == .srt ? .srt : .webvtt
        }
        if nonBlank.contains(where: { $0.first == 0x2A && $0.contains(0x09) && $0.prefix(8).contains(0x3A) }) { return .chat }
        if let hint, [.webvtt, .srt, .chat].contains(hint) { return hint }
        return .plaintext
    }

    /// The first bytes as ASCII-compatible text (UTF-16 reduced to its low bytes), or nil for binary.
    private static func asciiHead(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        let prefix = bytes.prefix(sniffLength)
        if prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) || looksUTF16LE(prefix) {
            let little = !prefix.starts(with: [0xFE, 0xFF])
            let start = prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) ? 2 : 0
            var out: [UInt8] = []
            var k = start
            while k + 1 < prefix.count {
                let (lo, hi) = little ? (prefix[k], prefix[k + 1]) : (prefix[k + 1], prefix[k])
                out.append(hi == 0 ? lo : 0x3F)
                k += 2
            }
            return out[...]
        }
        if prefix.withUnsafeBufferPointer({ ByteText.firstOffset(of: 0, in: $0) }) != nil { return nil }  // 8 at a time
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return prefix.dropFirst(3) }
        return prefix
    }

    private static func looksUTF16LE(_ p: ArraySlice<UInt8>) -> Bool {
        p.count >= 4 && p[p.startIndex + 1] == 0 && p[p.startIndex + 3] == 0 && p[p.startIndex] != 0
    }

    /// The reader for an XML document, by the local name of its root element.
    static func xmlFormat(_ s: ArraySlice<UInt8>) -> TranscriptFormat {
        guard let root = rootElementName(s) else { return .xml }
        let local = root.split(separator: ":").last.map(String.init) ?? root
        switch local {
        case "TEI", "teiCorpus", "TEI.2": return .tei
        case "Trans": return .transcriber
        case "ANNOTATION_DOCUMENT": return .elan
        case "basic-transcription": return .exmaralda
        default: return .xml
        }
    }

    /// Skips the XML declaration, processing instructions, comments and DOCTYPE.
    static func rootElementName(_ s: ArraySlice<UInt8>) -> String? {
        var i = s.startIndex
        while i < s.endIndex {
            guard let lt = s[i...].firstIndex(of: 0x3C), lt + 1 < s.endIndex else { return nil }
            let next = s[lt + 1]
            if next == 0x3F {  // <? ... ?>
                guard let end = ByteText.find(Array("?>".utf8), in: s[lt...]) else { return nil }
                i = end + 2
            } else if next == 0x21 {  // <!-- --> or <!DOCTYPE ... [ ... ]>
                if ByteText.hasPrefixIgnoringCase(s[lt...], "<!--") {
                    guard let end = ByteText.find(Array("-->".utf8), in: s[lt...]) else { return nil }
                    i = end + 3
                } else {
                    var depth = 0
                    var k = lt + 2
                    while k < s.endIndex {
                        if s[k] == 0x5B { depth += 1 } else if s[k] == 0x5D { depth -= 1 } else if s[k] == 0x3E && depth <= 0 { break }
                        k += 1
                    }
                    i = k + 1
                }
            } else {
                var k = lt + 1
                while k < s.endIndex, !ByteText.isWhitespace(s[k]), s[k] != 0x3E, s[k] != 0x2F { k += 1 }
                return ByteText.string(s[(lt + 1)..<k])
            }
        }
        return nil
    }
}
