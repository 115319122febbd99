/// The transcript formats the ingest stage can read, one reader each.
public enum TranscriptFormat: String, CaseIterable, Sendable, Codable {
    /// Typed or service-exported text with `Name:` labels, Otter/Zoom/TranscribeMe layouts, or no speakers.
    case plaintext
    /// W3C WebVTT (Teams, Zoom, YouTube captions).
    case webvtt
    /// SubRip subtitles.
    case srt
    /// Word `.docx` (WordprocessingML in a ZIP).
    case docx
    /// TEI P5 spoken transcriptions (`<u who>`), including Parla-CLARIN and LaBB-CAT exports.
    case tei
    /// Transcriber `.trs`.
    case transcriber
    /// ELAN `.eaf`.
    case elan
    /// EXMARaLDA basic transcription `.exb`.
    case exmaralda
    /// CHAT `.cha` (TalkBank).
    case chat
    /// Any other XML, read through an `XMLMapping` of XPath expressions.
    case xml

    /// The format usually meant by a file extension (a hint only: content decides).
    static func fromExtension(of displayName: String) -> TranscriptFormat? {
        guard let dot = displayName.lastIndex(of: ".") else { return nil }
        switch displayName[displayName.index(after: dot)...].lowercased() {
        case "txt", "text": return .plaintext
        case "vtt", "webvtt": return .webvtt
        case "srt": return .srt
        case "docx", "doc": return .docx
        case "tei": return .tei
        case "trs": return .transcriber
        case "eaf": return .elan
        case "exb": return .exmaralda
        case "cha", "chat": return .chat
        case "xml": return .xml
        default: return nil
        }
    }

    /// Whether the reader parses XML with libxml2 (XML-safety rules apply).
    var isXML: Bool {
        switch self {
        case .tei, .transcriber, .elan, .exmaralda, .xml: return true
        default: return false
        }
    }
}
