import CmocEvidence
import CmocModel

/// `presence.csv`: the wide table, one row per turn of every document, `1` for each code with a
/// supporting hit in the turn, else `0`. Code columns in codebook order.
enum PresenceCSVWriter: StreamingCorpusReportWriter {
    static let fileName = "presence.csv"

    static func stream(
        _ report: EvidenceReport, context: ReportContext, pieceBytes: Int,
        _ emit: ([UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        let listed = report.codes.map(\.id)
        let codes = listed + Set(report.unlistedCodes).subtracting(listed).sorted()
        var column: [String: Int] = [:]
        for (index, code) in codes.enumerated() where column[code] == nil { column[code] = index }
        // The 0/1 columns of a row: ",0" per code, then a "1" written over the codes present.
        var flags = [UInt8]()
        for _ in codes { flags += [0x2C, 0x30] }
        var table = CSVRows(header: ["site", "document", "data_type", "turn", "speaker", "role"] + codes)
        try report.forEachRowBlock(segments: false) { (_: [SegmentRow], presence: [PresenceRow]) throws(DiagnosticError) in
            for row in presence {
                table.field(row.siteID)
                table.field(row.documentID)
                table.field(row.dataType)
                table.field(row.turnIndex)
                table.field(row.speaker ?? "")
                table.field(row.role)
                for code in row.codes { if let index = column[code] { flags[2 * index + 1] = 0x31 } }
                if !codes.isEmpty { table.rendered(flags.dropFirst()) }
                for code in row.codes { if let index = column[code] { flags[2 * index + 1] = 0x30 } }
                table.endRow()
            }
            try table.flush(pieceBytes, emit)
        }
        try table.flush(pieceBytes, end: true, emit)
    }
}
