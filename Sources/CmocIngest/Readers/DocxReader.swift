import CmocModel

/// Placeholder replaced below.
enum DocxReader: TranscriptReader {
    static let format = TranscriptFormat.docx
    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        throw input.fail(.notAZip(detail: "not yet"))
    }
}
