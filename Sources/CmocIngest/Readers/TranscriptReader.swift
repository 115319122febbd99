import CmocModel

/// What every reader receives: the file's bytes, the name used in diagnostics, and the options.
struct ReaderInput: Sendable {
    var bytes: [UInt8]
    var displayName: String
    var options: IngestOptions

    func fail(_ error: IngestError) -> DiagnosticError { error.error(in: displayName) }

    /// The bytes decoded as text, or the decoding error with its byte offset.
    func decodedText() throws(DiagnosticError) -> DecodedText {
        switch TextDecoder.decode(bytes) {
        case .success(let text): return text
        case .failure(let error): throw fail(error)
        }
    }
}

/// What a reader produces, before aliases are applied and the document is assembled.
struct ReaderOutput: Sendable {
    var utterances: [Utterance]
    var declaredSpeakers: [SpeakerDeclaration] = []
    var encoding: String
    var warnings: [Diagnostic] = []
    /// True when the reader knows every unit text is ASCII (so it cannot hold mojibake); false
    /// means "not known" and the text is checked.
    var textIsASCII = false
}

/// One reader per format: a pure function from bytes to utterances.
protocol TranscriptReader {
    static var format: TranscriptFormat { get }
    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput
}
