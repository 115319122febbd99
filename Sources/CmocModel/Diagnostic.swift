/// Where a problem is: a file and, when known, a line and column (1-based) or a byte offset.
///
/// Diagnostics never carry the text of a real name: they point at a place instead.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var byteOffset: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// `file:line:column`, `file:line`, `file (byte N)` or `file`.
    public var description: String {
        if let line {
            if let column { return "\(file):\(line):\(column)" }
            return "\(file):\(line)"
        }
        if let byteOffset { return "\(file) (byte \(byteOffset))" }
        return file
    }
}

/// A problem found by any stage, ready to print or to record in `run.json`.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case error, warning, note }

    public var severity: Severity
    /// The stage or tool that found it (`ingest`, `codebook`, `pipeline`…).
    public var stage: String
    public var location: SourceLocation?
    public var message: String
    /// What to do about it.
    public var hint: String?

    public init(
        _ severity: Severity, stage: String, at location: SourceLocation? = nil, _ message: String,
        hint: String? = nil
    ) {
        self.severity = severity
        self.stage = stage
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message (hint)`, the form compilers and editors understand.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// An error that carries one or more diagnostics (validation reports every problem at once).
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
