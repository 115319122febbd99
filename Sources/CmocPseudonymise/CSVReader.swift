import CmocModel

/// A small RFC 4180 CSV reader: quoted fields (with `""` escapes and line breaks inside quotes),
/// CRLF or LF line ends, an optional UTF-8 BOM. Public so the pipeline can read its own tables.
public struct CSVTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// 1-based line on which the row starts.
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    /// The field of `row` under `column`, or nil when the header lacks it or the row is short.
    public func value(_ row: Row, _ column: String) -> String? {
        guard let index = header.firstIndex(of: column), index < row.fields.count else { return nil }
        return row.fields[index]
    }

    /// Parses CSV text; a malformed row throws with `file:line:column`.
    ///
    /// Blank lines are skipped; the first non-blank record is the header (trimmed, lower-cased).
    /// - Complexity: O(n) in the byte count.
    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> CSVTable {
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
                    throw PseudonymiseError.csvMalformed(
                        file: file, line: line, column: column, problem: "a quote inside an unquoted field"
                    ).error
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
                    throw PseudonymiseError.csvMalformed(
                        file: file, line: openLine, column: openColumn, problem: "a quoted field is never closed"
                    ).error
                }
                fieldHasContent = true
                // After a closing quote only a separator or a line end may follow.
                if i < bytes.count {
                    let next = bytes[i]
                    let isEnd =
                        next == UInt8(ascii: ",") || next == UInt8(ascii: "\n")
                        || (next == UInt8(ascii: "\r") && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: "\n")))
                    if !isEnd {
                        throw PseudonymiseError.csvMalformed(
                            file: file, line: line, column: column, problem: "text after a closing quote"
                        ).error
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
                throw PseudonymiseError.csvMalformed(
                    file: file, line: line, column: column, problem: "text after a closing quote"
                ).error
            }
            field.append(b)
            i += 1
            column += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldHasContent { endRecord() }

        guard let first = records.first else { return CSVTable(header: [], rows: []) }
        let header = first.fields.map { $0.trimmingWhitespace().lowercased() }
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.fields.count > header.count {
                throw PseudonymiseError.csvMalformed(
                    file: file, line: record.line, column: 1,
                    problem: "\(record.fields.count) fields where the header has \(header.count)"
                ).error
            }
            rows.append(Row(line: record.line, fields: record.fields.map { $0.trimmingWhitespace() }))
        }
        return CSVTable(header: header, rows: rows)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line ends.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
            end = scalars.index(before: end)
        }
        return String(scalars[start..<end])
    }
}
