import CmocEvidence
import CmocModel
import Foundation

/// RFC 4180 CSV: a header and rows, fields quoted only when needed, `\n` line ends, UTF-8.
///
/// Rows are appended as UTF-8 bytes, not kept as arrays of fields, so a table of hundreds of
/// thousands of rows (segments.csv, presence.csv on a large corpus) costs its bytes and no more;
/// fields go in one at a time (`field`, then `endRow`), so a row needs no array either.
struct CSVRows {
    fileprivate(set) var bytes: [UInt8] = []
    /// Whether the current row has a field yet (the next one needs a comma first).
    fileprivate var rowStarted = false

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

    /// Hands the bytes gathered so far to `body`, then empties the table for the rows to come
    /// (streaming). Emptied once `body` has let go, the buffer is unique again and is reused for
    /// the next piece; taking it would allocate, and fault in, a new one per piece.
    mutating func drain<E: Error>(_ body: ([UInt8]) throws(E) -> Void) throws(E) {
        try body(bytes)
        bytes.removeAll(keepingCapacity: true)
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
    /// Fast path: one scan for a byte that needs quoting, then one copy (`Cursor.value`).
    static func appendField(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard needsQuotes(value) else {
            out.append(contentsOf: value)
            return
        }
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: bound(value)))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            var cursor = Cursor(buffer: buffer, offset: base, end: buffer.count)
            cursor.value(value)
            return cursor.offset
        }
        out.removeLast(out.count - written)
    }

    /// Whether `value` holds a comma, quote, CR or LF: eight bytes at a time (each word tested for a
    /// zero byte after xor with each of the four, the classic "has zero byte" bit trick), the rest
    /// one by one.
    static func needsQuotes(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var index = 0
        if let base = value.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= value.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if hasZeroByte(word ^ (ones &* 0x2C)) || hasZeroByte(word ^ (ones &* 0x22))
                    || hasZeroByte(word ^ (ones &* 0x0A)) || hasZeroByte(word ^ (ones &* 0x0D))
                {
                    return true
                }
                index += 8
            }
        }
        while index < value.count {
            if needsQuoting(value[index]) { return true }
            index += 1
        }
        return false
    }

    /// Whether `bytes` are `stored`'s bytes (a field compared with the one before, without walking
    /// them one at a time through a generic sequence).
    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ stored: [UInt8]) -> Bool {
        guard bytes.count == stored.count else { return false }
        return stored.withUnsafeBufferPointer { stored in
            guard let a = bytes.baseAddress, let b = stored.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        }
    }

    /// A comma, quote, CR or LF.
    @inline(__always)
    private static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D
    }

    /// `value` in decimal ASCII, without building a String.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        withDecimal(value) { out.append(contentsOf: $0) }
    }

    /// Calls `body` with `value` in decimal ASCII: digits written from the end of a fixed buffer.
    @inline(__always)
    static func withDecimal(_ value: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var magnitude = value.magnitude
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                buffer[start] = 0x2D
            }
            body(UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[start...]))
        }
    }
}

/// The fields a document's rows start with (site, document, data type, and whatever a table adds),
/// rendered once per document rather than once per row: rows come a document at a time.
struct DocumentPrefix {
    /// The site, document and data type the prefix is for (compared in place, row by row: no
    /// optional tuple of arrays copied out, and retained, per row).
    private var keyed = false
    private var site: [UInt8] = []
    private var document: [UInt8] = []
    private var dataType: [UInt8] = []
    /// The prefix of the current document's rows, as CSV fields.
    private(set) var csv: [UInt8] = []

    /// Makes `csv` the prefix of `turn`'s rows, rendered by `render` when the site, document or data
    /// type differs from the last row's.
    mutating func update(_ turn: TurnFieldBytes, _ render: (inout CSVRows) -> Void) {
        if keyed, CSVRows.same(turn.document, document), CSVRows.same(turn.site, site),
            CSVRows.same(turn.dataType, dataType)
        {
            return
        }
        var prefix = CSVRows()
        render(&prefix)
        csv = prefix.bytes
        keyed = true
        site = Array(turn.site)
        document = Array(turn.document)
        dataType = Array(turn.dataType)
    }
}

extension CSVRows {
    /// Appends one row of at most `bound` bytes written through a pointer (`Cursor`): room is made
    /// once per row and each field copied in, instead of one `Array.append` (uniqueness and capacity
    /// checks) per field. The long tables write their rows this way.
    mutating func row(bound: Int, _ write: (inout Cursor) -> Void) {
        let base = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: bound))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = Cursor(buffer: buffer, offset: base, end: base + bound)
            write(&cursor)
            cursor.endRow()
            return cursor.offset
        }
        bytes.removeLast(base + bound - written)
        rowStarted = false
    }

    /// Most bytes a byte field takes in a row: quoted with every byte a doubled quote, and its comma.
    static func bound(_ field: UnsafeBufferPointer<UInt8>) -> Int { 2 * field.count + 3 }
    /// Most bytes a number field takes, with its comma.
    static let intBound = 21

    /// Most bytes `Cursor.turnFields` writes.
    static func turnBound(_ turn: TurnFieldBytes, after prefix: DocumentPrefix) -> Int {
        prefix.csv.count + 1 + intBound + bound(turn.speaker ?? UnsafeBufferPointer(start: nil, count: 0))
            + bound(turn.role)
    }

    /// Where the next byte of a row goes; every write checks it stays inside the row's bound, so a
    /// wrong bound stops the program rather than writing past the buffer.
    struct Cursor {
        private var out: BoundedBytes
        private var started = false

        init(buffer: UnsafeMutableBufferPointer<UInt8>, offset: Int, end: Int) {
            out = BoundedBytes(buffer: buffer, offset: offset, end: end)
        }

        /// Where the next byte goes.
        var offset: Int { out.offset }

        /// Copies bytes as they are.
        @inline(__always)
        mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) { out.raw(bytes) }

        @inline(__always)
        mutating func byte(_ value: UInt8) { out.byte(value) }

        @inline(__always)
        private mutating func separate() {
            if started { byte(0x2C) }
            started = true
        }

        /// `CSVRows.field(_: UnsafeBufferPointer<UInt8>)`: quoted (inner quotes doubled) only when needed.
        mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
            separate()
            self.value(value)
        }

        /// A field's bytes without the comma before it; a quoted field is copied in runs between
        /// its quotes.
        mutating func value(_ value: UnsafeBufferPointer<UInt8>) {
            guard CSVRows.needsQuotes(value) else {
                raw(value)
                return
            }
            byte(0x22)
            var run = 0
            for index in value.indices where value[index] == 0x22 {
                raw(UnsafeBufferPointer(rebasing: value[run...index]))
                byte(0x22)
                run = index + 1
            }
            raw(UnsafeBufferPointer(rebasing: value[run...]))
            byte(0x22)
        }

        /// `CSVRows.field(_: Int)`.
        mutating func field(_ value: Int) {
            separate()
            CSVRows.withDecimal(value) { raw($0) }
        }

        /// `CSVRows.rendered`: fields already rendered as CSV, as one field.
        mutating func rendered(_ csv: UnsafeBufferPointer<UInt8>) {
            separate()
            raw(csv)
        }

        mutating func rendered(_ csv: [UInt8]) { csv.withUnsafeBufferPointer { rendered($0) } }

        fileprivate mutating func endRow() { byte(0x0A) }

        /// How a row of either long table starts: its document's prefix, then turn, speaker and role.
        mutating func turnFields(_ turn: TurnFieldBytes, after prefix: DocumentPrefix) {
            rendered(prefix.csv)
            field(turn.turnIndex)
            field(turn.speaker ?? UnsafeBufferPointer(start: nil, count: 0))
            field(turn.role)
        }
    }
}
