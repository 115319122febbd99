import CmocEvidence

/// `sites/<id>/matrix.html`: the matrix as one self-contained, printable page (inline CSS, no scripts).
enum MatrixHTMLWriter: SiteReportWriter {
    static let fileName = "matrix.html"

    static func render(_ matrix: SiteMatrix, report: EvidenceReport, context: ReportContext) -> String {
        let e = HTML.escape
        var body = "<h1>Evidence matrix: site \(e(matrix.site.id))</h1>\n<dl>\n"
        body += "<dt>Site attributes</dt><dd>\(e(Format.attributes(matrix.site.attributes)))</dd>\n"
        body += "<dt>Documents</dt><dd>\(matrix.documents) (\(matrix.turns) turns, \(matrix.speakers) speakers)</dd>\n"
        body += "<dt>Stakeholder roles</dt><dd>\(e(Format.list(matrix.roles)))</dd>\n"
        body += "<dt>Data types</dt><dd>\(e(Format.list(matrix.dataTypes)))</dd>\n"
        let failed = context.failedDocuments.filter { $0.site == matrix.site.id }.map(\.id).sorted()
        if !failed.isEmpty {
            body += "<dt>Not read</dt><dd>\(e(failed.joined(separator: ", "))) (not in this matrix; see run.json)</dd>\n"
        }
        body +=
            "<dt>Codebook</dt><dd>\(e(context.codebookVersion)) (hash <code>\(e(context.codebookHash))</code>)</dd>\n"
        body += "</dl>\n"
        body += table(matrix.rows, report: report, caption: "CMOC evidence at site \(matrix.site.id)")
        body += "<p class=\"muted\">Counts are segments (turns); Full and Partial are configurations. "
        body +=
            "Grades follow the grading rules listed in the summary\u{2019}s audit trail (rule id in brackets).</p>\n"
        for cell in matrix.rows { body += section(cell, report: report) }
        return HTML.page(title: "Evidence matrix: site \(matrix.site.id)", body: body)
    }

    static func table(_ cells: [CellEvidence], report: EvidenceReport, caption: String) -> String {
        let header = ["CMOC", "Grade"] + MatrixColumns.counts.map(\.title) + ["Roles", "Data types", "Gaps"]
        let rows = cells.map { cell in
            [
                "<a href=\"#\(anchorID(cell))\">\(HTML.escape(cell.cmocID))</a><br>"
                    + HTML.escape(MatrixColumns.title(cell, in: report)), HTML.grade(cell),
            ]
                + MatrixColumns.counts.map { String($0.value(cell)) }
                + [
                    HTML.escape(Format.list(cell.roles)), HTML.escape(Format.list(cell.dataTypes)),
                    HTML.escape(MatrixColumns.gaps(cell.gaps)),
                ]
        }
        return HTML.table(
            header: header, rows: rows, caption: caption, numeric: Set(2..<(2 + MatrixColumns.counts.count)))
    }

    static func anchorID(_ cell: CellEvidence) -> String { "cmoc-" + Format.pathComponent(cell.cmocID) }

    static func section(_ cell: CellEvidence, report: EvidenceReport) -> String {
        let e = HTML.escape
        var out = "<section id=\"\(anchorID(cell))\">\n"
        out += "<h2>\(e(cell.cmocID)): \(e(MatrixColumns.title(cell, in: report)))</h2>\n"
        if let cmoc = report.cmocs.first(where: { $0.id == cell.cmocID }) {
            out += "<p><em>\(e(cmoc.statement))</em></p>\n"
        }
        let rule = Format.ruleText(cell.gradeRule)
        let across = cell.siteID == nil
        out += "<dl>\n<dt>Grade</dt><dd>\(HTML.grade(cell)) \(e(rule))</dd>\n"
        if let cmoc = report.cmocs.first(where: { $0.id == cell.cmocID }) {
            out += "<dt>Codes</dt><dd>C \(e(Format.list(cmoc.context))); M \(e(Format.list(cmoc.mechanism))); "
            out += "O \(e(Format.list(cmoc.outcome))); counter-evidence \(e(Format.list(cmoc.counterEvidence))); "
            out += "window \(Format.turns(cmoc.window))</dd>\n"
        }
        out += "<dt>Segments</dt><dd>supporting \(cell.supportingSegments) (C \(cell.contextSegments), "
        out += "M \(cell.mechanismSegments), O \(cell.outcomeSegments)); refuting \(cell.refutingSegments); "
        out += "tentative \(cell.tentativeSegments)</dd>\n"
        out += "<dt>Triangulation</dt><dd>\(e(Format.triangulation(cell)))</dd>\n"
        out +=
            "<dt>Full configurations</dt><dd>\(e(Format.configurations(cell.fullConfigurations, withSite: across)))</dd>\n"
        out +=
            "<dt>Partial configurations</dt><dd>\(e(Format.configurations(cell.partialConfigurations, withSite: across)))</dd>\n"
        out += "<dt>Refuting roles</dt><dd>\(e(Format.list(cell.refutingRoles)))</dd>\n"
        out += "<dt>Gaps</dt><dd>\(e(MatrixColumns.gaps(cell.gaps)))</dd>\n</dl>\n"
        out += "<h3>Supporting quotes</h3>\n" + quotes(cell.quotes)
        out += "<h3>Refuting quotes</h3>\n" + quotes(cell.refutingQuotes)
        return out + "</section>\n"
    }

    static func quotes(_ quotes: [Quote]) -> String {
        quotes.isEmpty ? "<p class=\"muted\">None.</p>\n" : quotes.map(HTML.quote).joined()
    }
}
