/// RFC 4180 CSV: a header and rows, fields quoted only when needed, `\n` line ends, UTF-8.
///
/// Rows are appended as UTF-8 bytes, not kept as arrays of fields, so a table of hundreds of
/// thousands of rows (segments.csv, presence.csv on a large corpus) costs its bytes and no more;
/// fields go in one at a time (`field`, then `endRow`), so a row needs no array either.
struct CSVRows {
    private(set) var bytes: [UInt8] = []
    /// Whether the current row has a field yet (the next one needs a comma first).
    private var rowStarted = false

    init(header: [String]) {
        bytes.reserveCapacity(1 << 16)
        append(header)
    }

    /// No header: a run of fields to be copied into rows (`rendered`).
    init() {}

    /// Appends one row.
    mutating func append(_ fields: [String]) {
        for value in fields { field(value) }
        endRow()
    }

    /// Appends one field to the current row.
    mutating func field(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { Self.appendField($0, to: &bytes) }
    }

    /// Appends a number field (never quoted).
    mutating func field(_ value: Int) {
        separate()
        Self.appendDecimal(value, to: &bytes)
    }

    /// Appends a field already rendered as CSV (quoted if it had to be), e.g. a shared prefix of rows.
    mutating func rendered<C: Collection<UInt8>>(_ csv: C) {
        separate()
        bytes.append(contentsOf: csv)
    }

    /// Ends the current row.
    mutating func endRow() {
        bytes.append(0x0A)
        rowStarted = false
    }

    /// The table as text; every line, the last included, ends with `\n`.
    func render() -> String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes gathered so far, leaving the table empty for the rows to come (streaming).
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    private mutating func separate() {
        if rowStarted { bytes.append(0x2C) }
        rowStarted = true
    }

    /// `value` as one CSV field.
    static func field(_ value: String) -> String {
        var out: [UInt8] = []
        var value = value
        value.withUTF8 { appendField($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` as a field, quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF.
    static func appendField(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let needsQuotes = value.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: value)
            return
        }
        out.append(0x22)
        for byte in value {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// `value` in decimal ASCII, without building a String.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}
