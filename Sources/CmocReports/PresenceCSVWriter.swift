import CmocEvidence
import CmocModel

/// `presence.csv`: the wide table, one row per turn of every document, `1` for each code with a
/// supporting hit in the turn, else `0`. Code columns in codebook order.
enum PresenceCSVWriter: StreamingCorpusReportWriter {
    static let fileName = "presence.csv"

    static func stream(
        _ report: EvidenceReport, context: ReportContext, pieceBytes: Int,
        _ emit: (String) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        let listed = report.codes.map(\.id)
        var present = Set<String>()
        try report.forEachRowBlock { (_: [SegmentRow], presence: [PresenceRow]) throws(DiagnosticError) in
            for row in presence { present.formUnion(row.codes) }
        }
        let extra = present.subtracting(listed).sorted()
        let codes = listed + extra
        var table = CSVTable(header: ["site", "document", "data_type", "turn", "speaker", "role"] + codes)
        try report.forEachRowBlock { (_: [SegmentRow], presence: [PresenceRow]) throws(DiagnosticError) in
            for row in presence {
                let present = Set(row.codes)
                table.append([row.siteID, row.documentID, row.dataType, String(row.turnIndex), row.speaker ?? "", row.role])
                // Drop the line end just written and add the 0/1 columns without building a field array.
                table.extendLastRow(codes.lazy.map { present.contains($0) ? ",1" : ",0" }.joined())
            }
            try table.flush(pieceBytes, emit)
        }
        try table.flush(pieceBytes, end: true, emit)
    }
}
