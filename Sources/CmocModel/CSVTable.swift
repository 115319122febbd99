/// A CSV file read per RFC 4180 (quoted fields, doubled quotes, line breaks inside quotes),
/// with every row's line number kept so problems can be reported as file:line:column.
public struct CSVTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// 1-based line on which the row starts.
        public var line: Int
        public var fields: [String]
    }

    public var file: String
    public var header: [String]
    public var rows: [Row]

    /// The value of `column` in `row`, or nil when the column is absent or the cell empty.
    public func value(_ row: Row, _ column: String) -> String? {
        guard let index = header.firstIndex(of: column), index < row.fields.count else { return nil }
        let value = row.fields[index].trimmingSpaces
        return value.isEmpty ? nil : value
    }

    /// Reports missing required columns, with a "did you mean" for near misses.
    public func require(columns: [String], stage: String) -> [Diagnostic] {
        columns.filter { !header.contains($0) }.map { column in
            let near = Suggestion.closest(to: column, in: header)
            return Diagnostic(
                .error, stage: stage, at: SourceLocation(file: file, line: 1, column: 1),
                "missing column '\(column)'",
                hint: near.map { "the header has '\($0)': did you mean '\(column)'?" }
                    ?? "the header must include: \(columns.joined(separator: ","))")
        }
    }

    /// Parses CSV text (UTF-8, optional BOM, LF or CRLF). Blank lines are skipped.
    public static func parse(_ text: String, file: String, stage: String) throws(DiagnosticError) -> CSVTable {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var quoteLine = 0
        var quoteColumn = 0
        var column = 1
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: rowLine, fields: fields)) }
            fields.removeAll()
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == 0x0A { line += 1; column = 0 }
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\""):
                    if field.allSatisfy({ $0 == 0x20 }) {
                        field.removeAll()
                        inQuotes = true
                        quoteLine = line
                        quoteColumn = column
                    } else {
                        throw DiagnosticError(
                            Diagnostic(
                                .error, stage: stage, at: SourceLocation(file: file, line: line, column: column),
                                "a quote inside an unquoted field",
                                hint: "put the whole field in double quotes and double the inner quote (\"\")"))
                    }
                case 0x0D: break
                case 0x0A:
                    endRow()
                    line += 1
                    column = 0
                    rowLine = line
                default: field.append(b)
                }
            }
            i += 1
            column += 1
        }
        if inQuotes {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: stage, at: SourceLocation(file: file, line: quoteLine, column: quoteColumn),
                    "a quoted field is never closed", hint: "add the closing double quote"))
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        guard let first = records.first else {
            throw DiagnosticError(
                Diagnostic(.error, stage: stage, at: SourceLocation(file: file), "the file is empty",
                           hint: "it needs a header line and one row per entry"))
        }
        return CSVTable(
            file: file, header: first.fields.map(\.trimmingSpaces), rows: Array(records.dropFirst()))
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks (no Foundation needed).
    public var trimmingSpaces: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }),
            let last = bytes.lastIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
