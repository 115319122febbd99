import CmocEvidence

/// `sites/<id>/matrix.csv`: one row per CMOC with counts, triangulation, gaps and quotes with anchors.
enum MatrixCSVWriter: SiteReportWriter {
    static let fileName = "matrix.csv"

    static func render(_ matrix: SiteMatrix, report: EvidenceReport, context: ReportContext) -> String {
        let slots = report.quotesPerCell
        var header = ["site", "cmoc_id", "title", "grade", "grade_rule"] + MatrixColumns.counts.map(\.csv)
        header += ["roles", "data_types", "refuting_roles", "gap_roles", "gap_data_types"]
        for slot in 0..<slots { header += ["quote_\(slot + 1)", "anchor_\(slot + 1)"] }
        for slot in 0..<slots { header += ["refuting_quote_\(slot + 1)", "refuting_anchor_\(slot + 1)"] }
        var table = CSVRows(header: header)
        for cell in matrix.rows {
            var row = [
                matrix.site.id, cell.cmocID, MatrixColumns.title(cell, in: report), cell.grade.rawValue, cell.gradeRule,
            ]
            row += MatrixColumns.counts.map { String($0.value(cell)) }
            row += [
                cell.roles.joined(separator: "; "), cell.dataTypes.joined(separator: "; "),
                cell.refutingRoles.joined(separator: "; "), cell.gaps.roles.joined(separator: "; "),
                cell.gaps.dataTypes.joined(separator: "; "),
            ]
            row += quoteFields(cell.quotes, slots: slots)
            row += quoteFields(cell.refutingQuotes, slots: slots)
            table.append(row)
        }
        return table.render()
    }

    static func quoteFields(_ quotes: [Quote], slots: Int) -> [String] {
        (0..<slots).flatMap { slot in
            slot < quotes.count ? [quotes[slot].excerpt, Format.anchor(quotes[slot])] : ["", ""]
        }
    }
}
