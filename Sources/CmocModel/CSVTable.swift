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

    /// Parses CSV text (UTF-8, optional BOM, LF or CRLF). Blank lines are skipped; the first
    /// record is the header (trimmed, lower-cased); fields are trimmed. A malformed row throws with
    /// `file:line:column`.
    /// - Complexity: O(n) in the byte count.
    public static func parse(_ text: String, file: String, stage: String = "csv") throws(DiagnosticError) -> CSVTable {
        func malformed(_ line: Int, _ column: Int, _ problem: String) -> DiagnosticError {
            DiagnosticError(
                Diagnostic(
                    .error, stage: stage, at: SourceLocation(file: file, line: line, column: column), problem,
                    hint: "quote a field that holds a comma, quote or line break, and double inner quotes (\"\")"))
        }
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var column = 1
        var recordLine = 1
        var i = 0
        var fieldHasContent = false

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldHasContent = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields.removeAll()
        }

        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                guard field.isEmpty && !fieldHasContent else {
                    throw malformed(line, column, "a quote inside an unquoted field")
                }
                let openLine = line
                let openColumn = column
                i += 1
                column += 1
                var closed = false
                while i < bytes.count {
                    let q = bytes[i]
                    if q == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            field.append(q)
                            i += 2
                            column += 2
                            continue
                        }
                        i += 1
                        column += 1
                        closed = true
                        break
                    }
                    if q == UInt8(ascii: "\n") {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                    field.append(q)
                    i += 1
                }
                guard closed else {
                    throw malformed(openLine, openColumn, "a quoted field is never closed")
                }
                fieldHasContent = true
                // After a closing quote only a separator or a line end may follow.
                if i < bytes.count {
                    let next = bytes[i]
                    let isEnd =
                        next == UInt8(ascii: ",") || next == UInt8(ascii: "\n")
                        || (next == UInt8(ascii: "\r") && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: "\n")))
                    if !isEnd {
                        throw malformed(line, column, "text after a closing quote")
                    }
                }
                continue
            }
            if b == UInt8(ascii: ",") {
                endField()
                i += 1
                column += 1
                continue
            }
            if b == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") {
                i += 1
                continue
            }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                endRecord()
                i += 1
                line += 1
                column = 1
                recordLine = line
                continue
            }
            if fieldHasContent {
                throw malformed(line, column, "text after a closing quote")
            }
            field.append(b)
            i += 1
            column += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldHasContent { endRecord() }

        guard let first = records.first else {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: stage, at: SourceLocation(file: file), "the file is empty",
                    hint: "it needs a header line and one row per entry"))
        }
        let header = first.fields.map { $0.trimmingSpaces.lowercased() }
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.fields.count > header.count {
                throw malformed(record.line, 1, "\(record.fields.count) fields where the header has \(header.count)")
            }
            rows.append(Row(line: record.line, fields: record.fields.map(\.trimmingSpaces)))
        }
        return CSVTable(file: file, header: header, rows: rows)
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
