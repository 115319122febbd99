import CmocEvidence

/// `summary.html`: the cross-site view as one self-contained page, with an inline SVG heatmap of code
/// frequency by site.
enum SummaryHTMLWriter: CorpusReportWriter {
    static let fileName = "summary.html"

    static func render(_ report: EvidenceReport, context: ReportContext) -> String {
        let tables = SummaryTables(report, context: context)
        let e = HTML.escape
        var body = "<h1>CMOC evidence summary</h1>\n<dl>\n"
        for item in tables.overview { body += "<dt>\(e(item.term))</dt><dd>\(e(item.value))</dd>\n" }
        body += "</dl>\n"
        body += render(tables.grid)
        body += render(tables.sites)
        body += "<h2 id=\"heatmap\">Code frequency heatmap</h2>\n"
        let codes = SummaryTables.codeOrder(report)
        let counts = tables.codeFrequency.rows.map { row in row.dropFirst().dropLast().map { Int($0.text) ?? 0 } }
        body += "<figure>\n"
        body += Heatmap.svg(rows: codes, columns: tables.orderedSites.map(\.site.id), counts: counts)
        body +=
            "<figcaption class=\"muted\">Coded segments per code (rows) and site (columns); darker is more.</figcaption>\n"
        body += "</figure>\n"
        body += render(tables.codeFrequency)
        body += render(tables.codeByRole)
        body += render(tables.participants)
        body += "<h1>Evidence across all sites</h1>\n"
        body += MatrixHTMLWriter.table(report.overall, report: report, caption: "CMOC evidence, all sites")
        for cell in report.overall { body += MatrixHTMLWriter.section(cell, report: report) }
        body += "<h1>Audit trail</h1>\n"
        for table in [tables.cmocDefinitions, tables.gradingRules, tables.documents, tables.ruleCounts] {
            body += render(table)
        }
        body += "<h2 id=\"never-fired\">Rules that never fired</h2>\n"
        body += list(tables.neverFired)
        body += render(tables.failedDocuments)
        body += "<h2 id=\"warnings\">Warnings</h2>\n"
        body += list(tables.warnings)
        return HTML.page(title: "CMOC evidence summary", body: body)
    }

    static func render(_ table: SummaryTables.Table) -> String {
        var out = "<h2 id=\"\(table.id)\">\(HTML.escape(table.title))</h2>\n"
        if let note = table.note { out += "<p class=\"muted\">\(HTML.escape(note))</p>\n" }
        guard !table.rows.isEmpty else { return out + "<p class=\"muted\">None.</p>\n" }
        out += "<table>\n<thead>\n"
        if let groups = table.groupRow, let siteHeader = table.siteHeader {
            out += "<tr>"
            for group in groups {
                let span = group.span > 1 ? " colspan=\"\(group.span)\"" : ""
                out += group.text.map { "<th class=\"group\"\(span)>\(HTML.escape($0))</th>" } ?? "<th\(span)></th>"
            }
            out += "</tr>\n" + HTML.row(siteHeader.map(HTML.escape), header: true)
        } else {
            out += HTML.row(table.header.map(HTML.escape), header: true)
        }
        out += "</thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for cell in row {
                if let grade = cell.grade {
                    out += "<td><span class=\"grade grade-\(grade.rawValue)\">\(HTML.escape(cell.text))</span></td>"
                } else if cell.numeric {
                    out += "<td class=\"num\">\(HTML.escape(cell.text))</td>"
                } else {
                    out += "<td>\(HTML.escape(cell.text))</td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func list(_ items: [String]) -> String {
        guard !items.isEmpty else { return "<p class=\"muted\">None.</p>\n" }
        return "<ul>\n" + items.map { "<li>\(HTML.escape($0))</li>\n" }.joined() + "</ul>\n"
    }
}
