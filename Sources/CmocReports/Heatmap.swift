/// An inline SVG heatmap of code frequency by site: one row per code, one column per site, the fill's
/// opacity proportional to the count (the largest count is fully opaque), the count printed in each cell.
enum Heatmap {
    static let cellWidth = 64
    static let cellHeight = 22
    static let charWidth = 7
    static let headerHeight = 28

    /// `rows` are code ids, `columns` site ids, `counts[row][column]` the number of coded segments.
    static func svg(rows: [String], columns: [String], counts: [[Int]]) -> String {
        let labelWidth = (rows.map(\.count).max() ?? 4) * charWidth + 12
        let width = labelWidth + columns.count * cellWidth + 2
        let height = headerHeight + rows.count * cellHeight + 2
        let peak = max(1, counts.flatMap { $0 }.max() ?? 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"heatmap-title\">\n"
        out += "<title id=\"heatmap-title\">Coded segments per code and site</title>\n"
        for (column, site) in columns.enumerated() {
            let x = labelWidth + column * cellWidth + cellWidth / 2
            out += "<text x=\"\(x)\" y=\"\(headerHeight - 10)\" text-anchor=\"middle\">\(HTML.escape(site))</text>\n"
        }
        for (row, code) in rows.enumerated() {
            let y = headerHeight + row * cellHeight
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTML.escape(code))</text>\n"
            for column in columns.indices {
                let count = row < counts.count && column < counts[row].count ? counts[row][column] : 0
                let x = labelWidth + column * cellWidth
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cellWidth - 2)\" height=\"\(cellHeight - 2)\" "
                out += "fill=\"#1f6f8b\" fill-opacity=\"\(opacity(count, peak))\" stroke=\"#c8c8c8\">"
                out += "<title>\(HTML.escape(code)) at \(HTML.escape(columns[column])): \(count)</title></rect>\n"
                let ink = count * 2 > peak ? "#ffffff" : "#1b1b1b"
                out += "<text x=\"\(x + cellWidth / 2 - 1)\" y=\"\(y + 15)\" text-anchor=\"middle\" fill=\"\(ink)\">"
                out += "\(count)</text>\n"
            }
        }
        return out + "</svg>\n"
    }

    /// `count / peak` with two decimals, computed in integers so the text never depends on float printing.
    static func opacity(_ count: Int, _ peak: Int) -> String {
        guard count > 0 else { return "0.00" }
        let hundredths = (count * 100 + peak / 2) / peak
        let whole = hundredths / 100
        let fraction = hundredths % 100
        return "\(whole)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }
}
