import CmocEvidence
import CmocModel
import Foundation
import Synchronization

/// Renders an `EvidenceReport` into report files (pure), and writes them into a folder (the only I/O).
///
/// Layout: `sites/<site-id>/matrix.{csv,md,html,json}` per site, then `summary.md`, `summary.html`,
/// `segments.csv` and `presence.csv` at the top.
public enum Reports {
    /// The per-site writers, in the order their files are listed. Pinned by a test: add deliberately.
    static var siteWriters: [any SiteReportWriter.Type] {
        [MatrixCSVWriter.self, MatrixMarkdownWriter.self, MatrixHTMLWriter.self, MatrixJSONWriter.self]
    }
    /// The cross-site writers. Pinned by a test: add deliberately.
    static var corpusWriters: [any CorpusReportWriter.Type] {
        [SummaryMarkdownWriter.self, SummaryHTMLWriter.self, SegmentsCSVWriter.self, PresenceCSVWriter.self]
    }

    /// Every report file, keyed by its path relative to the output folder, as UTF-8 bytes.
    ///
    /// Pure and deterministic: the same report and context give byte-identical files. Site ids are made
    /// safe as folder names (see `Format.pathComponent`); two ids that clash get `-2`, `-3`… in site order.
    public static func render(_ report: EvidenceReport, context: ReportContext) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        // Only rows spilled to a file that cannot be read back throw; such a report renders without those files.
        try? renderEach(report, context: context) { (path: String, bytes: [UInt8]) throws(DiagnosticError) in
            files[path] = bytes
        }
        return files
    }

    /// Renders the files one at a time, handing each to `body` (path, bytes) before the next is made,
    /// so a caller that writes them as they come holds one file in memory, not all of them.
    /// Throws `body`'s errors, and an error when rows spilled to a file cannot be read back.
    public static func renderEach(
        _ report: EvidenceReport, context: ReportContext, _ body: (String, [UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        for (matrix, folder) in siteFolders(report) {
            for writer in siteWriters {
                let text = writer.render(matrix, report: report, context: context)
                try body("sites/\(folder)/\(writer.fileName)", Array(text.utf8))
            }
        }
        for writer in corpusWriters {
            try body(writer.fileName, Array(try writer.render(report, context: context).utf8))
        }
    }

    /// Renders every file straight into `directory`, the same bytes as `renderEach`, and returns the
    /// paths written. The long tables (`segments.csv`, `presence.csv`) go to disk piece by piece, so
    /// memory does not grow with them; each file appears whole or not at all.
    /// `pieceBytes`: about how much of a long table is gathered before it is written out; `jobs`: how
    /// many cross-site files are written at once; `didWrite`: called with each cross-site file's
    /// path once it is in place, on the lane that wrote it (the pipeline checks it for leaks there).
    public static func writeEach(
        _ report: EvidenceReport, context: ReportContext, to directory: URL, pieceBytes: Int = 1 << 20, jobs: Int = 1,
        didWrite: (@Sendable (String) -> Void)? = nil
    ) throws(DiagnosticError) -> [String] {
        var written: [String] = []
        for (matrix, folder) in siteFolders(report) {
            for writer in siteWriters {
                let path = "sites/\(folder)/\(writer.fileName)"
                try write([path: Array(writer.render(matrix, report: report, context: context).utf8)], to: directory)
                written.append(path)
            }
        }
        // The cross-site files are independent: with `jobs` > 1 they are written side by side, each
        // lane taking the next file when it is free, the two long tables first (they are most of the
        // work). Each file appears whole or not at all.
        let writers = corpusWriters
        let count = writers.count
        let lanes = max(1, min(jobs, count))
        let order = longestFirst
        let next = Atomic<Int>(0)
        let outcomes = ParallelSlots<Result<Void, DiagnosticError>>(count: count)
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            while true {
                let taken = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard taken < count else { return }
                let index = order[taken]
                do throws(DiagnosticError) {
                    try stream(corpusWriters[index], report: report, context: context, to: directory, pieceBytes: pieceBytes)
                    outcomes.set(index, .success(()))
                    didWrite?(corpusWriters[index].fileName)
                } catch {
                    outcomes.set(index, .failure(error))
                }
            }
        }
        for (writer, outcome) in zip(writers, outcomes.values) {
            if case .failure(let error)? = outcome { throw error }
            written.append(writer.fileName)
        }
        return written
    }

    /// Indices of `corpusWriters` in the order the lanes take them: the long tables, then the summaries.
    static var longestFirst: [Int] {
        let long: Set<String> = [SegmentsCSVWriter.fileName, PresenceCSVWriter.fileName]
        let indices = Array(corpusWriters.indices)
        return indices.filter { long.contains(corpusWriters[$0].fileName) } + indices.filter { !long.contains(corpusWriters[$0].fileName) }
    }

    /// Streams one cross-site file into `directory` through a temporary file renamed into place at
    /// the end (plain system calls: no `FileHandle` copy of each piece).
    private static func stream(
        _ writer: any CorpusReportWriter.Type, report: EvidenceReport, context: ReportContext, to directory: URL,
        pieceBytes: Int
    ) throws(DiagnosticError) {
        let target = directory.appendingPathComponent(writer.fileName)
        let cannotWrite = DiagnosticError(ReportProblem.cannotWriteFile(path: target.path).diagnostic())
        guard case .success(let file) = OutputFile.Stream.open(target.path) else { throw cannotWrite }
        try writer.stream(report, context: context, pieceBytes: pieceBytes) { (piece: [UInt8]) throws(DiagnosticError) in
            if file.write(piece) != nil { throw cannotWrite }
        }
        if file.finish() != nil { throw cannotWrite }
    }

    /// The paths `writeEach` writes for `report`, in its order (known before anything is rendered).
    public static func fileNames(_ report: EvidenceReport) -> [String] {
        siteFolders(report).flatMap { _, folder in siteWriters.map { "sites/\(folder)/\($0.fileName)" } }
            + corpusWriters.map { $0.fileName }
    }

    /// Each site matrix with its folder name: the site id made safe, `-2`, `-3`… on a clash, in site order.
    static func siteFolders(_ report: EvidenceReport) -> [(SiteMatrix, String)] {
        var usedFolders = Set<String>()
        return report.sites.map { matrix in
            let base = Format.pathComponent(matrix.site.id)
            var folder = base
            var suffix = 2
            while !usedFolders.insert(folder).inserted {
                folder = "\(base)-\(suffix)"
                suffix += 1
            }
            return (matrix, folder)
        }
    }

    /// Writes `files` under `directory`, creating folders as needed. Paths must be relative and free of `..`.
    public static func write(_ files: [String: [UInt8]], to directory: URL) throws(DiagnosticError) {
        let manager = FileManager.default
        for path in files.keys.sorted() {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
                throw DiagnosticError(ReportProblem.unsafePath(path: path).diagnostic())
            }
            let target = directory.appendingPathComponent(path)
            let folder = target.deletingLastPathComponent()
            do {
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw DiagnosticError(ReportProblem.cannotCreateFolder(path: folder.path).diagnostic())
            }
            if OutputFile.write(files[path] ?? [], to: target.path) != nil {
                throw DiagnosticError(ReportProblem.cannotWriteFile(path: target.path).diagnostic())
            }
        }
    }
}
