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
        // A document's rows share their first fields (site, its attributes, document, data type):
        // rendered once per document.
        var shared = (site: "", document: "", dataType: "", csv: [UInt8]())
        try report.forEachRowBlock(presence: false) { (segments: [SegmentRow], _: [PresenceRow]) throws(DiagnosticError) in
            for row in segments {
                if row.siteID != shared.site || row.documentID != shared.document || row.dataType != shared.dataType
                    || shared.csv.isEmpty
                {
                    var prefix = CSVRows()
                    prefix.field(row.siteID)
                    let values = siteAttributes[row.siteID]
                    for attribute in attributes { prefix.field(values?[attribute] ?? "") }
                    prefix.field(row.documentID)
                    prefix.field(row.dataType)
                    shared = (row.siteID, row.documentID, row.dataType, prefix.bytes)
                }
                table.rendered(shared.csv)
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
