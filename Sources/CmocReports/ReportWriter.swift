import CmocEvidence
import CmocModel

/// A writer of one per-site file (`sites/<site-id>/<fileName>`): a pure function of the evidence.
protocol SiteReportWriter {
    static var fileName: String { get }
    static func render(_ matrix: SiteMatrix, report: EvidenceReport, context: ReportContext) -> String
}

/// A writer of one cross-site file at the top of the output folder: a pure function of the evidence.
protocol CorpusReportWriter {
    static var fileName: String { get }
    /// Throws only when rows spilled to a file cannot be read back.
    static func render(_ report: EvidenceReport, context: ReportContext) throws(DiagnosticError) -> String
    /// The same text as `render`, handed to `emit` in pieces of about `pieceBytes` or more, so a long
    /// table need not be held whole.
    static func stream(
        _ report: EvidenceReport, context: ReportContext, pieceBytes: Int,
        _ emit: ([UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError)
}

extension CorpusReportWriter {
    /// One piece: the whole file.
    static func stream(
        _ report: EvidenceReport, context: ReportContext, pieceBytes: Int,
        _ emit: ([UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        try emit(Array(try render(report, context: context).utf8))
    }
}

/// A corpus writer whose table is long: it streams its rows, and `render` is the pieces joined.
protocol StreamingCorpusReportWriter: CorpusReportWriter {}

extension StreamingCorpusReportWriter {
    static func render(_ report: EvidenceReport, context: ReportContext) throws(DiagnosticError) -> String {
        var bytes: [UInt8] = []
        try stream(report, context: context, pieceBytes: Int.max) { (piece: [UInt8]) throws(DiagnosticError) in
            bytes += piece
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension CSVRows {
    /// Hands the rows gathered so far to `emit` once they reach `pieceBytes` (or always, at the `end`).
    mutating func flush(
        _ pieceBytes: Int, end: Bool = false, _ emit: ([UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        guard end || bytes.count >= pieceBytes else { return }
        try drain(emit)
    }
}

/// The count columns every matrix shows, in one place so CSV, Markdown and HTML agree.
enum MatrixColumns {
    struct Count: Sendable {
        let csv: String
        let title: String
        let value: @Sendable (CellEvidence) -> Int
    }

    static let counts: [Count] = [
        Count(csv: "supporting_segments", title: "Supporting") { $0.supportingSegments },
        Count(csv: "context_segments", title: "C") { $0.contextSegments },
        Count(csv: "mechanism_segments", title: "M") { $0.mechanismSegments },
        Count(csv: "outcome_segments", title: "O") { $0.outcomeSegments },
        Count(csv: "refuting_segments", title: "Refuting") { $0.refutingSegments },
        Count(csv: "tentative_segments", title: "Tentative") { $0.tentativeSegments },
        Count(csv: "full_configurations", title: "Full") { $0.fullConfigurations.count },
        Count(csv: "partial_configurations", title: "Partial") { $0.partialConfigurations.count },
        Count(csv: "documents", title: "Documents") { $0.documents },
        Count(csv: "speakers", title: "Speakers") { $0.speakers },
    ]

    /// The CMOC's title for a cell, falling back to its id.
    static func title(_ cell: CellEvidence, in report: EvidenceReport) -> String {
        report.cmocs.first { $0.id == cell.cmocID }?.title ?? cell.cmocID
    }

    /// `roles: …; data types: …` or `none`.
    static func gaps(_ gaps: Gaps) -> String {
        if gaps.roles.isEmpty && gaps.dataTypes.isEmpty { return "none" }
        var parts: [String] = []
        if !gaps.roles.isEmpty { parts.append("roles: " + gaps.roles.joined(separator: ", ")) }
        if !gaps.dataTypes.isEmpty { parts.append("data types: " + gaps.dataTypes.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
