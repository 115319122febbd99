import CmocModel
import Foundation

/// The corpus manifest (`documents.csv`): one row per transcript, giving its document id, site,
/// data type, an optional forced format, and how its speaker labels map to registry pseudonyms.
///
/// Document ids come from here, never from file names (which often hold participants' names).
public struct Manifest: Sendable, Hashable {
    public struct Document: Sendable, Hashable {
        public var entry: ManifestEntry
        /// Absolute location of the file. Sensitive: never written to outputs.
        public var url: URL
        /// Speaker label as written in the transcript -> registry id (`Interviewer` -> `RES-1`).
        public var speakers: [String: String]
        /// Line of the row in documents.csv, for messages.
        public var line: Int
    }

    public var documents: [Document]

    public static let requiredColumns = ["file", "id", "site", "data_type"]

    /// Reads and validates the manifest: every problem at once, with file:line:column.
    public static func load(
        url: URL, displayPath: String, corpusRoot: URL, knownSites: Set<String>, knownParticipants: Set<String>
    ) throws(DiagnosticError) -> Manifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "manifest", at: SourceLocation(file: displayPath), "cannot read the corpus manifest",
                    hint: "create it with the columns file,id,site,data_type[,format,speakers]"))
        }
        let table = try CSVTable.parse(String(decoding: data, as: UTF8.self), file: displayPath, stage: "manifest")
        var problems = table.require(columns: requiredColumns, stage: "manifest")
        if !problems.isEmpty { throw DiagnosticError(problems) }
        func col(_ name: String) -> Int { (table.header.firstIndex(of: name) ?? 0) + 1 }
        var documents: [Document] = []
        var seenIDs: [String: Int] = [:]
        for row in table.rows {
            func at(_ column: String) -> SourceLocation {
                SourceLocation(file: displayPath, line: row.line, column: col(column))
            }
            guard let file = table.value(row, "file"), let id = table.value(row, "id"),
                let site = table.value(row, "site"), let dataType = table.value(row, "data_type")
            else {
                let missing = requiredColumns.first { table.value(row, $0) == nil } ?? "file"
                problems.append(
                    Diagnostic(.error, stage: "manifest", at: at(missing), "the '\(missing)' cell is empty"))
                continue
            }
            // Ids name output files (transcripts/<id>.txt): plain letters, digits, '-', '_' and '.'.
            if id.hasPrefix(".") || !id.unicodeScalars.allSatisfy({
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0)
            }) {
                problems.append(
                    Diagnostic(
                        .error, stage: "manifest", at: at("id"), "this document id has characters ids may not have",
                        hint: "use letters, digits, '-', '_' and '.' (not first), e.g. S1-INT-01"))
            }
            if let first = seenIDs[id] {
                problems.append(
                    Diagnostic(
                        .error, stage: "manifest", at: at("id"), "document id '\(id)' is used twice",
                        hint: "it is first used on line \(first); ids must be unique"))
            }
            seenIDs[id] = row.line
            if !knownSites.contains(site) {
                problems.append(
                    Diagnostic(
                        .error, stage: "manifest", at: at("site"), "unknown site '\(site)'",
                        hint: Suggestion.closest(to: site, in: knownSites).map { "did you mean '\($0)'?" }
                            ?? "add it to sites.csv"))
            }
            var speakers: [String: String] = [:]
            for (index, pair) in (table.value(row, "speakers") ?? "").split(separator: ";").enumerated() {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    problems.append(
                        Diagnostic(
                            .error, stage: "manifest", at: at("speakers"),
                            "entry \(index + 1) of the speakers cell is not label=id",
                            hint: "write e.g. Interviewer=RES-1;LW=LW-A1"))
                    continue
                }
                if !knownParticipants.contains(parts[1]) {
                    problems.append(
                        Diagnostic(
                            .error, stage: "manifest", at: at("speakers"), "unknown participant id '\(parts[1])'",
                            hint: Suggestion.closest(to: parts[1], in: knownParticipants).map { "did you mean '\($0)'?" }
                                ?? "add the person to participants.csv"))
                }
                speakers[parts[0]] = parts[1]
            }
            let fileURL = corpusRoot.resolving(file)
            documents.append(
                Document(
                    entry: ManifestEntry(
                        file: file, id: id, site: site, dataType: dataType, format: table.value(row, "format")),
                    url: fileURL, speakers: speakers, line: row.line))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return Manifest(documents: documents)
    }
}
