/// Markdown helpers: escaping for inline text and table cells, and pipe tables.
enum Markdown {
    /// Inline text with Markdown's punctuation escaped, so a quote never turns into emphasis, a link,
    /// HTML or a table break, and never starts a heading or list. Line breaks become spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        if let first = text.unicodeScalars.first, first == "#" || first == "-" || first == "+" { out += "\\" }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\n", "\r":
                out += " "
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A pipe table; cells are already Markdown (escape text first).
    static func table(header: [String], rows: [[String]], numericColumns: Set<Int> = []) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n|"
        for column in header.indices { out += numericColumns.contains(column) ? " ---: |" : " --- |" }
        out += "\n"
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out
    }
}
