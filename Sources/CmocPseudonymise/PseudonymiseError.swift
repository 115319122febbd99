import CmocModel

/// Every problem the pseudonymisation stage reports, with its wording in one place.
///
/// Messages never carry a real name: they point at a file, line and column or a registry row.
public enum PseudonymiseError: Error, Sendable {
    case csvMalformed(file: String, line: Int, column: Int, problem: String)
    case csvMissingColumn(file: String, column: String)
    case csvEmptyField(file: String, line: Int, column: String)
    case csvDuplicateID(file: String, line: Int, id: String)
    case fileUnreadable(path: String, reason: String)
    case keyInsideOutput(key: String, output: String)
    case keyPermissions(path: String, mode: String)
    case keyMalformed(path: String, reason: String)
    case keyNeedsPassphrase(path: String)
    case keyWrongPassphrase(path: String)
    case keyWriteFailed(path: String, reason: String)
    case invalidOption(String)

    /// The diagnostic this error prints as.
    public var diagnostic: Diagnostic {
        let stage = "pseudonymise"
        switch self {
        case let .csvMalformed(file, line, column, problem):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: file, line: line, column: column),
                "malformed CSV: \(problem)",
                hint: "quote fields that contain commas, quotes or line breaks (\"like \"\"this\"\"\")")
        case let .csvMissingColumn(file, column):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: file, line: 1),
                "the header has no '\(column)' column", hint: "add the column to the first line")
        case let .csvEmptyField(file, line, column):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: file, line: line),
                "the '\(column)' field is empty", hint: "fill it in or delete the row")
        case let .csvDuplicateID(file, line, id):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: file, line: line),
                "id '\(id)' is used by an earlier row", hint: "give every row its own id")
        case let .fileUnreadable(path, reason):
            return Diagnostic(.error, stage: stage, at: SourceLocation(file: path), "cannot read the file: \(reason)")
        case let .keyInsideOutput(key, output):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: key),
                "the key file would be inside the output folder \(output)",
                hint: "keep the re-identification key apart from the data: choose a key path outside the output folder")
        case let .keyPermissions(path, mode):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: path),
                "the key file is readable or writable by group or others (mode \(mode))",
                hint: "restrict it with `chmod 600` after checking who may have read it, then run again")
        case let .keyMalformed(path, reason):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: path), "the key file cannot be read: \(reason)",
                hint: "restore the key from its backup; do not edit it by hand")
        case let .keyNeedsPassphrase(path):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: path), "the key file is encrypted",
                hint: "set CMOC_KEY_PASSPHRASE to its passphrase")
        case let .keyWrongPassphrase(path):
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: path),
                "the passphrase does not open the key file (wrong passphrase or damaged file)",
                hint: "check CMOC_KEY_PASSPHRASE")
        case let .keyWriteFailed(path, reason):
            return Diagnostic(.error, stage: stage, at: SourceLocation(file: path), "cannot write the key file: \(reason)")
        case let .invalidOption(message):
            return Diagnostic(.error, stage: stage, message)
        }
    }

    /// The error as the `DiagnosticError` every stage throws.
    public var error: DiagnosticError { DiagnosticError(diagnostic) }
}
