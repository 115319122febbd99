import CmocEvidence
import CmocModel

/// `segments.csv`: the long table, one row per code hit with its site attributes, anchor and excerpt.
enum SegmentsCSVWriter: StreamingCorpusReportWriter {
    static let fileName = "segments.csv"

    static func stream(
        _ report: EvidenceReport, context: ReportContext, pieceBytes: Int,
        _ emit: ([UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        let attributes = Set(report.sites.flatMap { $0.site.attributes.keys }).sorted()
        let siteAttributes = Dictionary(
            report.sites.map { ($0.site.id, $0.site.attributes) }, uniquingKeysWith: { first, _ in first })
        var table = CSVRows(
            header: ["site"] + attributes.map { "site_" + $0 } + [
                "document", "data_type", "turn", "speaker", "role", "code", "code_kind", "rule", "direction", "start",
                "end", "excerpt",
            ])
        try report.forEachRowBlock(presence: false) { (segments: [SegmentRow], _: [PresenceRow]) throws(DiagnosticError) in
            for row in segments {
                table.field(row.siteID)
                let values = siteAttributes[row.siteID]
                for attribute in attributes { table.field(values?[attribute] ?? "") }
                table.field(row.documentID)
                table.field(row.dataType)
                table.field(row.turnIndex)
                table.field(row.speaker ?? "")
                table.field(row.role)
                table.field(row.codeID)
                table.field(row.codeKind)
                table.field(row.ruleID)
                table.field(row.direction.rawValue)
                table.field(row.span.start)
                table.field(row.span.end)
                table.field(row.excerpt)
                table.endRow()
            }
            try table.flush(pieceBytes, emit)
        }
        try table.flush(pieceBytes, end: true, emit)
    }
}
