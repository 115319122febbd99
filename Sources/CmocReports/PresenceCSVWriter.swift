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
        // A code's column, found from its stored bytes: by a hash of them, checked against the
        // code (a clash, or a code not in the header, falls back to a search).
        let codeBytes = codes.map { Array($0.utf8) }
        var column: [UInt64: Int] = [:]
        for (index, code) in codeBytes.enumerated() where column[Self.hash(code)] == nil {
            column[Self.hash(code)] = index
        }
        func index(of code: UnsafeBufferPointer<UInt8>) -> Int? {
            if let index = column[Self.hash(code)], codeBytes[index].elementsEqual(code) { return index }
            return codeBytes.firstIndex { $0.elementsEqual(code) }
        }
        // The 0/1 columns of a row: ",0" per code, then a "1" written over the codes present.
        var flags = [UInt8]()
        for _ in codes { flags += [0x2C, 0x30] }
        var table = CSVRows(header: ["site", "document", "data_type", "turn", "speaker", "role"] + codes)
        var present: [Int] = []
        // A document's rows share their first fields (site, document, data type): rendered once per document.
        var shared = DocumentPrefix()
        try report.forEachPresenceRow { (row: PresenceRowBytes) throws(DiagnosticError) in
            shared.update(row.turn) { prefix in
                prefix.field(row.turn.site)
                prefix.field(row.turn.document)
                prefix.field(row.turn.dataType)
            }
            present.removeAll(keepingCapacity: true)
            row.forEachCode { code in if let index = index(of: code) { present.append(index) } }
            for index in present { flags[2 * index + 1] = 0x31 }
            table.row(bound: CSVRows.turnBound(row.turn, after: shared) + flags.count + 1) { fields in
                fields.turnFields(row.turn, after: shared)
                if !codes.isEmpty { flags.withUnsafeBufferPointer { fields.rendered(UnsafeBufferPointer(rebasing: $0.dropFirst())) } }
            }
            for index in present { flags[2 * index + 1] = 0x30 }
            try table.flush(pieceBytes, emit)
        }
        try table.flush(pieceBytes, end: true, emit)
    }

    /// FNV-1a of a code's bytes: the key of its column.
    private static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
