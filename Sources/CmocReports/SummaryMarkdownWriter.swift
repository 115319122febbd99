import CmocEvidence

/// `summary.md`: the cross-site view: CMOC × site grid, code frequency, codes by role, participants,
/// the all-sites evidence per CMOC with quotes, and the audit trail.
enum SummaryMarkdownWriter: CorpusReportWriter {
    static let fileName = "summary.md"

    static func render(_ report: EvidenceReport, context: ReportContext) -> String {
        let tables = SummaryTables(report, context: context)
        let e = Markdown.escape
        var out = "# CMOC evidence summary\n\n"
        for item in tables.overview { out += "- \(e(item.term)): \(e(item.value))\n" }
        for table in [tables.grid, tables.sites, tables.codeFrequency, tables.codeByRole, tables.participants] {
            out += "\n" + render(table, level: 2)
        }
        out += "\n# Evidence across all sites\n"
        for cell in report.overall { out += "\n" + MatrixMarkdownWriter.section(cell, report: report) }
        out += "\n# Audit trail\n"
        for table in [tables.cmocDefinitions, tables.gradingRules, tables.documents, tables.ruleCounts] {
            out += "\n" + render(table, level: 2)
        }
        out += "\n## Rules that never fired\n\n"
        out += tables.neverFired.isEmpty ? "None.\n" : tables.neverFired.map { "- \(e($0))\n" }.joined()
        out += "\n" + render(tables.failedDocuments, level: 2)
        out += "\n## Warnings\n\n"
        out += tables.warnings.isEmpty ? "None.\n" : tables.warnings.map { "- \(e($0))\n" }.joined()
        return out
    }

    static func render(_ table: SummaryTables.Table, level: Int) -> String {
        var out = String(repeating: "#", count: level) + " " + Markdown.escape(table.title) + "\n\n"
        if let note = table.note { out += Markdown.escape(note) + "\n\n" }
        guard !table.rows.isEmpty else { return out + "None.\n" }
        let numeric = Set(table.rows[0].indices.filter { column in table.rows.allSatisfy { $0[column].numeric } })
        out += Markdown.table(
            header: table.header.map(Markdown.escape),
            rows: table.rows.map { $0.map { Markdown.escape($0.text) } }, numericColumns: numeric)
        return out
    }
}
