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

    /// Appends one field given as UTF-8 bytes (a stored row's field, with no String made of it).
    mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
        separate()
        Self.appendField(value, to: &bytes)
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
    ///
    /// Fast path: one scan for a byte that needs quoting, then one copy; a quoted field is copied in
    /// runs between its quotes.
    static func appendField(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var special = 0
        while special < value.count, !needsQuoting(value[special]) { special += 1 }
        guard special < value.count else {
            out.append(contentsOf: value)
            return
        }
        out.append(0x22)
        var run = 0
        for index in value.indices where value[index] == 0x22 {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: value[run...index]))
            out.append(0x22)
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: value[run...]))
        out.append(0x22)
    }

    /// A comma, quote, CR or LF.
    @inline(__always)
    private static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D
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
