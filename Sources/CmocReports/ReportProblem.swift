import CmocModel

/// Every problem the report stage reports, with its wording in one place.
enum ReportProblem {
    case cannotCreateFolder(path: String)
    case cannotWriteFile(path: String)
    case unsafePath(path: String)

    func diagnostic() -> Diagnostic {
        switch self {
        case .cannotCreateFolder(let path):
            return Diagnostic(
                .error, stage: "reports", at: SourceLocation(file: path), "cannot create the output folder",
                hint: "check that the parent folder exists and is writable")
        case .cannotWriteFile(let path):
            return Diagnostic(
                .error, stage: "reports", at: SourceLocation(file: path), "cannot write the report file",
                hint: "check free space and permissions on the output folder")
        case .unsafePath(let path):
            return Diagnostic(
                .error, stage: "reports", at: SourceLocation(file: path),
                "refusing to write a report outside the output folder",
                hint: "report paths must be relative and must not contain `..`")
        }
    }
}
