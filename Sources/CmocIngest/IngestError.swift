import CmocModel

/// Every problem the ingest stage reports, with all wording in one place.
///
/// Messages point at a place (file, line, column or byte offset) and never quote transcript text,
/// because transcripts hold real names.
enum IngestError: Error, Sendable {
    case unknownFormat(hint: String)
    case undecodableBytes(offset: Int, detail: String)
    case inputTooLarge(bytes: Int, limit: Int)
    case malformedXML(line: Int?, column: Int?, message: String)
    case entityDeclarations
    case xmlTooDeep(line: Int?, limit: Int)
    case xmlTooManyNodes(limit: Int)
    case notATranscript(format: TranscriptFormat, detail: String)
    case xmlNeedsMapping(root: String)
    case invalidXPath(field: String, expression: String)
    case invalidLabelPattern(pattern: String, detail: String)
    case encryptedOrLegacyWord
    case notAZip(detail: String)
    case docxMissingPart(String)
    case docxTooManyEntries(count: Int, limit: Int)
    case docxTooLarge(bytes: UInt64, limit: UInt64)
    case docxSuspiciousRatio(entry: String, ratio: UInt64, limit: UInt64)

    /// The diagnostic for this problem in `displayName`.
    func diagnostic(in displayName: String) -> Diagnostic {
        let (location, message, hint) = wording(displayName)
        return Diagnostic(.error, stage: "ingest", at: location, message, hint: hint)
    }

    /// The problem as a thrown error.
    func error(in displayName: String) -> DiagnosticError {
        DiagnosticError(diagnostic(in: displayName))
    }

    private func wording(_ file: String) -> (SourceLocation, String, String?) {
        let here = SourceLocation(file: file)
        switch self {
        case .unknownFormat(let hint):
            return (here, "cannot tell which transcript format this is (\(hint))",
                    "force a reader with --format (\(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        case .undecodableBytes(let offset, let detail):
            return (SourceLocation(file: file, byteOffset: offset), "bytes fit no supported text encoding: \(detail)",
                    "save the file as UTF-8 (or UTF-16 with a byte-order mark) and run again")
        case .inputTooLarge(let bytes, let limit):
            return (here, "file is \(bytes) bytes, above the ingest limit of \(limit) bytes",
                    "split the transcript or raise limits.max_bytes")
        case .malformedXML(let line, let column, let message):
            return (SourceLocation(file: file, line: line ?? 1, column: column),
                    "malformed XML: \(message)", "fix the markup at this position; the file is not read in recovery mode")
        case .entityDeclarations:
            return (here, "XML document declares entities in its DOCTYPE; entity declarations are refused",
                    "transcript formats never need entity declarations: remove the internal DTD subset")
        case .xmlTooDeep(let line, let limit):
            return (SourceLocation(file: file, line: line), "XML nesting deeper than \(limit) elements",
                    "transcripts are never nested this deep; check where the file came from")
        case .xmlTooManyNodes(let limit):
            return (here, "XML document has more than \(limit) nodes",
                    "split the file or raise limits.max_xml_nodes")
        case .notATranscript(let format, let detail):
            return (here, "not a readable \(format.rawValue) transcript: \(detail)", nil)
        case .xmlNeedsMapping(let root):
            return (here, "XML vocabulary with root element <\(root)> has no built-in reader",
                    "describe it with an xml mapping (turn, speaker, text, start, end XPath expressions)")
        case .invalidXPath(let field, let expression):
            return (here, "xml mapping field '\(field)' is not a valid XPath expression: \(expression)",
                    "check the expression and its namespace prefixes")
        case .invalidLabelPattern(let pattern, let detail):
            return (here, "speaker label pattern \(pattern) cannot be used: \(detail)",
                    "give a regular expression with a named group, e.g. ^(?<speaker>[A-Z]+):")
        case .encryptedOrLegacyWord:
            return (here, "Word file is password-protected (encrypted) or a legacy .doc (OLE compound file), not a .docx",
                    "remove the password or save it as .docx from Word, then run again")
        case .notAZip(let detail):
            return (here, "not a readable .docx package: \(detail)", "open and re-save it in Word as .docx")
        case .docxMissingPart(let part):
            return (here, ".docx package has no \(part)", "open and re-save it in Word as .docx")
        case .docxTooManyEntries(let count, let limit):
            return (here, ".docx package has \(count) entries, above the limit of \(limit)",
                    "this is not an ordinary Word document; check where it came from")
        case .docxTooLarge(let bytes, let limit):
            return (here, ".docx content expands to \(bytes) bytes, above the limit of \(limit)",
                    "this is not an ordinary Word document; check where it came from or raise the docx limit")
        case .docxSuspiciousRatio(let entry, let ratio, let limit):
            return (here, ".docx part \(entry) expands \(ratio)x, above the compression-ratio limit of \(limit)x",
                    "this looks like a zip bomb; check where the file came from")
        }
    }
}
