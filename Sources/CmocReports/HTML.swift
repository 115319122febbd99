import CmocEvidence
import CmocModel

/// Self-contained HTML pages: escaping, a page shell with inline CSS (screen and print), no scripts,
/// no external assets.
enum HTML {
    /// Text safe in element content and in double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A complete document around `body` (already HTML).
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// `<tr>` of header or data cells; `cells` are already HTML; `numeric` columns align right.
    static func row(_ cells: [String], header: Bool = false, numeric: Set<Int> = []) -> String {
        let tag = header ? "th" : "td"
        return "<tr>"
            + cells.enumerated().map { column, cell in
                let open = !header && numeric.contains(column) ? "<\(tag) class=\"num\">" : "<\(tag)>"
                return open + cell + "</\(tag)>"
            }.joined() + "</tr>\n"
    }

    /// A table; `header` is plain text, `rows` are already HTML.
    static func table(header: [String], rows: [[String]], caption: String? = nil, numeric: Set<Int> = []) -> String {
        var out = "<div class=\"scroll\"><table>\n"
        if let caption { out += "<caption>\(escape(caption))</caption>\n" }
        out += "<thead>\n" + row(header.map(escape), header: true) + "</thead>\n<tbody>\n"
        for cells in rows { out += row(cells, numeric: numeric) }
        return out + "</tbody>\n</table></div>\n"
    }

    /// A grade as a coloured badge.
    static func grade(_ cell: CellEvidence) -> String {
        "<span class=\"grade grade-\(cell.grade.rawValue)\">\(escape(Format.grade(cell)))</span>"
    }

    /// A quote as a `<blockquote>` with the hit marked and the anchor in a `<footer>`.
    static func quote(_ quote: Quote) -> String {
        let bytes = Array(quote.excerpt.utf8)
        let start = min(max(quote.highlight.start, 0), bytes.count)
        let end = min(max(quote.highlight.end, start), bytes.count)
        let before = String(decoding: bytes[..<start], as: UTF8.self)
        let marked = String(decoding: bytes[start..<end], as: UTF8.self)
        let after = String(decoding: bytes[end...], as: UTF8.self)
        var detail = quote.tier.rawValue
        if !quote.components.isEmpty { detail = Format.components(quote.components) + ", " + detail }
        return "<blockquote><p>\(escape(before))<mark>\(escape(marked))</mark>\(escape(after))</p>"
            + "<footer><cite>\(escape(Format.anchor(quote)))</cite> <span class=\"muted\">[\(escape(detail)); "
            + "\(escape(quote.codes.joined(separator: ", ")))]</span></footer></blockquote>\n"
    }

    static let css = """
        :root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c8c8c8; --head: #eef1f4; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
          max-width: 96rem; margin: 1.5rem auto; padding: 0 1rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.1rem; }
        table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.85rem; }
        .scroll { overflow-x: auto; }
        caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
        th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
        thead th { background: var(--head); } th.group { text-align: center; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .grade { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; font-weight: 600; }
        .grade-strong { background: #1a7f37; color: #fff; } .grade-moderate { background: #9be9a8; color: #0b3d1a; }
        .grade-weak { background: #fff3b0; color: #5c4a00; } .grade-contested { background: #ffb3b3; color: #5c0000; }
        .grade-none { background: #e6e6e6; color: #333; }
        blockquote { margin: 0.5rem 0 0.75rem; padding: 0.4rem 0.8rem; border-left: 4px solid var(--rule); background: #fafafa; }
        blockquote p { margin: 0 0 0.25rem; } mark { background: #fff1a8; }
        footer, .muted { color: var(--muted); font-size: 0.85rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; }
        svg text { font: 11px system-ui, sans-serif; }
        @media print {
          body { max-width: none; margin: 0; font-size: 10pt; } .scroll { overflow: visible; }
          h2 { break-before: auto; } section, blockquote, tr { break-inside: avoid; }
          .grade { border: 1px solid #000; } a { color: inherit; text-decoration: none; }
        }
        """
}
