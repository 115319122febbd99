/// RFC 4180 CSV: a header and rows, fields quoted only when needed, `\n` line ends, UTF-8.
struct CSVTable {
    var header: [String]
    var rows: [[String]] = []

    /// The table as text; every line, the last included, ends with `\n`.
    func render() -> String {
        var out = ""
        for row in [header] + rows {
            out += row.map(Self.field).joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// A field, quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF.
    static func field(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
