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
        // rendered once per document. Fields are copied from the stored rows' bytes.
        var shared = DocumentPrefix()
        try report.forEachSegmentRow { (row: SegmentRowBytes) throws(DiagnosticError) in
            shared.update(row.turn) { prefix in
                prefix.field(row.turn.site)
                let values = siteAttributes[String(decoding: row.turn.site, as: UTF8.self)]
                for attribute in attributes { prefix.field(values?[attribute] ?? "") }
                prefix.field(row.turn.document)
                prefix.field(row.turn.dataType)
            }
            let bound = CSVRows.turnBound(row.turn, after: shared) + CSVRows.bound(row.code) + CSVRows.bound(row.codeKind)
                + CSVRows.bound(row.rule) + CSVRows.bound(row.direction) + 2 * CSVRows.intBound
                + CSVRows.bound(row.excerpt) + 1
            table.row(bound: bound) { fields in
                fields.turnFields(row.turn, after: shared)
                fields.field(row.code)
                fields.field(row.codeKind)
                fields.field(row.rule)
                fields.field(row.direction)
                fields.field(row.start)
                fields.field(row.end)
                fields.field(row.excerpt)
            }
            try table.flush(pieceBytes, emit)
        }
        try table.flush(pieceBytes, end: true, emit)
    }
}
