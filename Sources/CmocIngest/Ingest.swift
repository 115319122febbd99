import CmocModel

/// The ingest stage: bytes of a transcript file -> `SourceDocument` with the format's units.
///
/// Pure: no file or network I/O. `displayName` is used for extension hints and in diagnostics;
/// the pipeline passes `<doc-id>.<ext>`, never the real file name.
public enum Ingest {
    /// The reader for each format: the explicit registry, pinned by a test.
    static func reader(for format: TranscriptFormat) -> any TranscriptReader.Type {
        switch format {
        case .plaintext: PlainTextReader.self
        case .webvtt: WebVTTReader.self
        case .srt: SRTReader.self
        case .docx: DocxReader.self
        case .tei: TEIReader.self
        case .transcriber: TranscriberReader.self
        case .elan: ELANReader.self
        case .exmaralda: EXMARaLDAReader.self
        case .chat: CHATReader.self
        case .xml: XPathMappingReader.self
        }
    }

    /// Reads one transcript. Throws a `DiagnosticError` naming `displayName` and the line/column or
    /// byte offset of the problem.
    public static func read(
        bytes: [UInt8], displayName: String, id: String, options: IngestOptions
    ) throws(DiagnosticError) -> SourceDocument {
        guard bytes.count <= options.limits.maxBytes else {
            throw IngestError.inputTooLarge(bytes: bytes.count, limit: options.limits.maxBytes).error(in: displayName)
        }
        var format = options.format ?? detectFormat(bytes: bytes, displayName: displayName)
        // An explicit mapping means "read this XML my way", whatever its root element.
        if options.format == nil, options.xmlMapping != nil, let detected = format, detected.isXML { format = .xml }
        guard let format else {
            throw IngestError.unknownFormat(hint: "no text, XML or .docx structure recognised").error(in: displayName)
        }
        let input = ReaderInput(bytes: bytes, displayName: displayName, options: options)
        let output = try reader(for: format).read(input)
        let aliases = options.speakerAliases
        let utterances = aliases.isEmpty ? output.utterances : output.utterances.map { unit in
            var unit = unit
            if let label = unit.speaker, let canonical = aliases[label] { unit.speaker = canonical }
            return unit
        }
        var warnings = output.warnings
        // Mojibake needs bytes above 0x7F: text known to be ASCII is not scanned again.
        if !output.textIsASCII, let mojibake = MojibakeCheck.warning(utterances, displayName: displayName) {
            warnings.append(mojibake)
        }
        return SourceDocument(
            id: id, format: format.rawValue, encoding: output.encoding, declaredSpeakers: output.declaredSpeakers,
            utterances: utterances, warnings: warnings)
    }

    /// The format the content shows (the extension in `displayName` only breaks ties), or nil
    /// when the bytes look like no transcript at all.
    public static func detectFormat(bytes: [UInt8], displayName: String) -> TranscriptFormat? {
        FormatDetector.detect(bytes, displayName: displayName)
    }
}
