import CmocEvidence
import CmocModel

/// `segments.csv`: the long table, one row per code hit with its site attributes, anchor and excerpt.
enum SegmentsCSVWriter: StreamingCorpusReportWriter {
    static let fileName = "segments.csv"

    static func stream(
        _ report: EvidenceReport, context: ReportContext, pieceBytes: Int,
        _ emit: (String) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        let attributes = Set(report.sites.flatMap { $0.site.attributes.keys }).sorted()
        let siteAttributes = Dictionary(
            report.sites.map { ($0.site.id, $0.site.attributes) }, uniquingKeysWith: { first, _ in first })
        var table = CSVTable(
            header: ["site"] + attributes.map { "site_" + $0 } + [
                "document", "data_type", "turn", "speaker", "role", "code", "code_kind", "rule", "direction", "start",
                "end", "excerpt",
            ])
        try report.forEachRowBlock { (segments: [SegmentRow], _: [PresenceRow]) throws(DiagnosticError) in
            for row in segments {
                let values = siteAttributes[row.siteID] ?? [:]
                table.append(
                    [row.siteID] + attributes.map { values[$0] ?? "" } + [
                        row.documentID, row.dataType, String(row.turnIndex), row.speaker ?? "", row.role, row.codeID,
                        row.codeKind, row.ruleID, row.direction.rawValue, String(row.span.start), String(row.span.end),
                        row.excerpt,
                    ])
            }
            try table.flush(pieceBytes, emit)
        }
        try table.flush(pieceBytes, end: true, emit)
    }
}
