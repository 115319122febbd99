/// RFC 4180 CSV: a header and rows, fields quoted only when needed, `\n` line ends, UTF-8.
///
/// Rows are appended as rendered text, not kept as arrays of fields, so a table of hundreds of
/// thousands of rows (segments.csv, presence.csv on a large corpus) costs its text and no more.
struct CSVTable {
    private(set) var text: String

    init(header: [String]) {
        text = ""
        append(header)
    }

    /// Appends one row.
    mutating func append(_ fields: [String]) {
        var first = true
        for value in fields {
            if !first { text.append(",") }
            first = false
            Self.appendField(value, to: &text)
        }
        text.append("\n")
    }

    /// Appends already-rendered text (starting with a comma) to the last row.
    mutating func extendLastRow(_ rendered: String) {
        if text.last == "\n" { text.removeLast() }
        text.append(rendered)
        text.append("\n")
    }

    /// The table as text; every line, the last included, ends with `\n`.
    func render() -> String { text }

    /// The text gathered so far, leaving the table empty for the rows to come (streaming).
    mutating func take() -> String {
        defer { text = "" }
        return text
    }

    /// A field, quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF.
    static func field(_ value: String) -> String {
        var out = ""
        appendField(value, to: &out)
        return out
    }

    static func appendField(_ value: String, to out: inout String) {
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(value)
            return
        }
        out.append("\"")
        out.append(value.replacingOccurrences(of: "\"", with: "\"\""))
        out.append("\"")
    }
}
