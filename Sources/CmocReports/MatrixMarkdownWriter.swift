import CmocEvidence

/// `sites/<id>/matrix.md`: the write-up-ready matrix: a summary table, then per CMOC its grade and why,
/// triangulation, configurations, gaps, and quotes with their anchors.
enum MatrixMarkdownWriter: SiteReportWriter {
    static let fileName = "matrix.md"

    static func render(_ matrix: SiteMatrix, report: EvidenceReport, context: ReportContext) -> String {
        let e = Markdown.escape
        var out = "# Evidence matrix: site \(e(matrix.site.id))\n\n"
        out += "- Site attributes: \(e(Format.attributes(matrix.site.attributes)))\n"
        out += "- Documents: \(matrix.documents); turns: \(matrix.turns); speakers: \(matrix.speakers)\n"
        out += "- Stakeholder roles: \(e(Format.list(matrix.roles))); data types: \(e(Format.list(matrix.dataTypes)))\n"
        let failed = context.failedDocuments.filter { $0.site == matrix.site.id }.map(\.id).sorted()
        if !failed.isEmpty {
            out += "- Documents that could not be read (not in this matrix; see run.json): \(e(failed.joined(separator: ", ")))\n"
        }
        out += "- Codebook: \(e(context.codebookVersion)) (hash `\(context.codebookHash)`)\n\n"

        let header = ["CMOC", "Grade"] + MatrixColumns.counts.map(\.title) + ["Roles", "Data types", "Gaps"]
        let rows = matrix.rows.map { cell in
            ["\(e(cell.cmocID)): \(e(MatrixColumns.title(cell, in: report)))", e(Format.grade(cell))]
                + MatrixColumns.counts.map { String($0.value(cell)) }
                + [e(Format.list(cell.roles)), e(Format.list(cell.dataTypes)), e(MatrixColumns.gaps(cell.gaps))]
        }
        out += Markdown.table(header: header, rows: rows, numericColumns: Set(2..<(2 + MatrixColumns.counts.count)))
        out += "\nCounts are segments (turns); Full and Partial are configurations. Grades follow the grading "
        out += "rules listed in the audit trail of summary.md (rule id in brackets).\n"

        for cell in matrix.rows {
            out += "\n" + section(cell, report: report)
        }
        return out
    }

    /// The section of one CMOC (also used for the all-sites view).
    static func section(_ cell: CellEvidence, report: EvidenceReport) -> String {
        let e = Markdown.escape
        var out = "## \(e(cell.cmocID)): \(e(MatrixColumns.title(cell, in: report)))\n\n"
        if let cmoc = report.cmocs.first(where: { $0.id == cell.cmocID }) {
            out += "*\(e(cmoc.statement))*\n\n"
            out += "- Codes: C \(e(Format.list(cmoc.context))); M \(e(Format.list(cmoc.mechanism))); "
            out += "O \(e(Format.list(cmoc.outcome))); counter-evidence \(e(Format.list(cmoc.counterEvidence))); "
            out += "window \(Format.turns(cmoc.window))\n"
        }
        let rule = Format.ruleText(cell.gradeRule)
        out += "- Grade: **\(cell.grade.rawValue)** (\(cell.gradeRule): \(e(rule)))\n"
        out += "- Supporting segments: \(cell.supportingSegments) (C \(cell.contextSegments), "
        out += "M \(cell.mechanismSegments), O \(cell.outcomeSegments)); refuting: \(cell.refutingSegments); "
        out += "tentative: \(cell.tentativeSegments)\n"
        out += "- Triangulation: \(e(Format.triangulation(cell)))\n"
        out +=
            "- Full configurations: \(e(Format.configurations(cell.fullConfigurations, withSite: cell.siteID == nil)))\n"
        out +=
            "- Partial configurations: \(e(Format.configurations(cell.partialConfigurations, withSite: cell.siteID == nil)))\n"
        out += "- Refuting roles: \(e(Format.list(cell.refutingRoles)))\n"
        out += "- Gaps: \(e(MatrixColumns.gaps(cell.gaps)))\n"
        out += "\n### Supporting quotes\n\n" + quotes(cell.quotes)
        out += "\n### Refuting quotes\n\n" + quotes(cell.refutingQuotes)
        return out
    }

    static func quotes(_ quotes: [Quote]) -> String {
        guard !quotes.isEmpty else { return "None.\n" }
        return quotes.map { quote in
            var detail = quote.tier.rawValue
            if !quote.components.isEmpty { detail = Format.components(quote.components) + ", " + detail }
            return "> \(Markdown.escape(quote.excerpt))\n>\n> — \(Markdown.escape(Format.anchor(quote))) "
                + "\\[\(Markdown.escape(detail)); \(Markdown.escape(quote.codes.joined(separator: ", ")))\\]\n"
        }.joined(separator: "\n")
    }
}
