import CmocModel

/// Every problem the evidence stage reports, with all its wording in one place.
///
/// Each case becomes a `Diagnostic` (stage `evidence`) that points at a file:line:column or at a
/// document id and turn index, never at text that could hold a real name.
public enum EvidenceProblem: Sendable, Hashable {
    case unreadableFile(path: String, reason: String)
    case invalidYAML(problem: String)
    case expectedMapping(what: String)
    case expectedSequence(what: String)
    case expectedString(key: String)
    case expectedNonNegativeInteger(key: String)
    case missingKey(key: String, owner: String)
    case unknownKey(key: String, owner: String, suggestion: String?)
    case unknownCode(code: String, cmoc: String, suggestion: String?)
    case emptyComponent(component: String, cmoc: String)
    case duplicateCMOC(id: String)
    case duplicateCode(code: String, cmoc: String)
    case noCMOCs
    case hitOutsideDocument(documentID: String, hitDocumentID: String)
    case hitTurnMissing(documentID: String, turnIndex: Int)
    case hitSpanOutsideTurn(documentID: String, turnIndex: Int)
    case hitUnknownCode(documentID: String, turnIndex: Int, code: String)
    case duplicateDocument(documentID: String)
    case unknownSite(site: String, documents: Int)
    case unreadableSpill(path: String, reason: String)

    /// The diagnostic for this problem at `location`.
    public func diagnostic(at location: SourceLocation? = nil) -> Diagnostic {
        switch self {
        case .unreadableFile(let path, let reason):
            return Diagnostic(
                .error, stage: "evidence", at: location ?? SourceLocation(file: path),
                "cannot read the CMOC definitions file (\(reason))",
                hint: "check the path given for `cmocs:` in the pipeline file")
        case .invalidYAML(let problem):
            return Diagnostic(
                .error, stage: "evidence", at: location, "the CMOC definitions are not valid YAML: \(problem)",
                hint: "fix the indentation or quoting at this position")
        case .expectedMapping(let what):
            return Diagnostic(
                .error, stage: "evidence", at: location, "\(what) must be a mapping of `key: value` lines",
                hint: "see pipelines/cmocs/*.yml for the expected layout")
        case .expectedSequence(let what):
            return Diagnostic(
                .error, stage: "evidence", at: location, "\(what) must be a list",
                hint: "write it as `[a, b]` or as lines starting with `- `")
        case .expectedString(let key):
            return Diagnostic(
                .error, stage: "evidence", at: location, "`\(key)` must be a single text value",
                hint: "quote the text if it contains `:` or starts with a special character")
        case .expectedNonNegativeInteger(let key):
            return Diagnostic(
                .error, stage: "evidence", at: location, "`\(key)` must be a whole number of turns, 0 or more",
                hint: "0 means the same turn only; 2 means the same turn or the next two")
        case .missingKey(let key, let owner):
            return Diagnostic(
                .error, stage: "evidence", at: location, "\(owner) has no `\(key)`",
                hint: "add `\(key):` to it")
        case .unknownKey(let key, let owner, let suggestion):
            return Diagnostic(
                .error, stage: "evidence", at: location, "unknown key `\(key)` in \(owner)",
                hint: suggestion.map { "did you mean `\($0)`?" } ?? "remove it or check its spelling")
        case .unknownCode(let code, let cmoc, let suggestion):
            return Diagnostic(
                .error, stage: "evidence", at: location,
                "CMOC `\(cmoc)` uses code `\(code)`, which the codebook does not define",
                hint: suggestion.map { "did you mean `\($0)`?" } ?? "add the code to the codebook or fix its id")
        case .emptyComponent(let component, let cmoc):
            return Diagnostic(
                .error, stage: "evidence", at: location, "CMOC `\(cmoc)` lists no codes for its \(component)",
                hint: "a CMOC needs at least one code each for context, mechanism and outcome")
        case .duplicateCMOC(let id):
            return Diagnostic(
                .error, stage: "evidence", at: location, "CMOC id `\(id)` is used more than once",
                hint: "give each CMOC its own id")
        case .duplicateCode(let code, let cmoc):
            return Diagnostic(
                .error, stage: "evidence", at: location,
                "CMOC `\(cmoc)` lists code `\(code)` in more than one place",
                hint: "a code may stand for one of context, mechanism, outcome or counter-evidence in a CMOC")
        case .noCMOCs:
            return Diagnostic(
                .error, stage: "evidence", at: location, "the file defines no CMOCs",
                hint: "add entries under `cmocs:`")
        case .hitOutsideDocument(let documentID, let hitDocumentID):
            return Diagnostic(
                .warning, stage: "evidence", at: location,
                "document `\(documentID)` carries a code hit for document `\(hitDocumentID)`; the hit was skipped",
                hint: "this is a coding-stage bug: report it with the document id")
        case .hitTurnMissing(let documentID, let turnIndex):
            return Diagnostic(
                .warning, stage: "evidence", at: location,
                "document `\(documentID)` has a code hit on turn \(turnIndex), which it does not have; the hit was skipped",
                hint: "this is a coding-stage bug: report it with the document id")
        case .hitSpanOutsideTurn(let documentID, let turnIndex):
            return Diagnostic(
                .warning, stage: "evidence", at: location,
                "document `\(documentID)` turn \(turnIndex): a code hit's span lies outside the turn text; it was clamped",
                hint: "this is a coding-stage bug: report it with the document id")
        case .hitUnknownCode(let documentID, let turnIndex, let code):
            return Diagnostic(
                .warning, stage: "evidence", at: location,
                "document `\(documentID)` turn \(turnIndex): code `\(code)` is not in the code list",
                hint: "pass the codebook's full code list to the evidence stage")
        case .duplicateDocument(let documentID):
            return Diagnostic(
                .warning, stage: "evidence", at: location,
                "document `\(documentID)` was added more than once; the first copy was kept",
                hint: "document ids must be unique in a run: check the manifest")
        case .unknownSite(let site, let documents):
            return Diagnostic(
                .warning, stage: "evidence", at: location,
                "site `\(site)` of \(documents) document(s) is not in the site table; it is reported without attributes",
                hint: "add the site to sites.csv or fix the site id in the manifest")
        case .unreadableSpill(let path, let reason):
            return Diagnostic(
                .error, stage: "evidence", at: location ?? SourceLocation(file: path),
                "cannot read back the segment rows spilled to this file (\(reason))",
                hint: "check free disk space and that nothing else removes files in the output folder, then run again")
        }
    }
}
