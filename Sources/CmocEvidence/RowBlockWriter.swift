import CmocModel

/// Writes a document's block of rows (the `ByteWriter` layout) through a pointer: room for a whole
/// row is made once, from a bound on its size, and its fields are copied in, instead of one
/// `Array.append` (uniqueness and capacity checks) per field and per varint byte.
///
/// Every write checks that it stays inside the row's bound, so a wrong bound stops the program
/// rather than writing past the buffer.
struct RowBlockWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    /// The most bytes `ByteWriter.int` writes for any `Int`.
    static let intBound = 10

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written.
    consuming func finish() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written from `start` on (past room left before a length, see `int(_:endingAt:)`).
    consuming func finish(from start: Int) -> [UInt8] {
        precondition(start >= 0 && start <= count, "start outside the bytes written")
        return Array(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// Bytes written so far.
    var written: Int { count }

    /// Writes `value` as `ByteWriter.int` does so that it ends just before `end`, over room left
    /// earlier (at least `intBound` bytes from `end - intBound`), and returns where it starts: a length
    /// known only after what it measures is written goes in front of it without copying that.
    mutating func int(_ value: Int, endingAt end: Int) -> Int {
        var zigzag = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        var length = 1
        while zigzag >> (7 * UInt64(length)) != 0 && length < Self.intBound { length += 1 }
        let start = end - length
        precondition(start >= 0 && end <= count, "no room before the rows for their length")
        for offset in start..<end {
            base[offset] = UInt8(truncatingIfNeeded: zigzag) | (offset < end - 1 ? 0x80 : 0)
            zigzag >>= 7
        }
        return start
    }

    /// A cursor with room for at least `bound` bytes; what it writes is kept by `commit`, before
    /// the next `reserve` (which may move the buffer).
    @inline(__always)
    mutating func reserve(_ bound: Int) -> Cursor {
        if count + bound > capacity {
            let grown = max(count + bound, 2 * capacity)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.initialize(from: base, count: count)
            base.deallocate()
            base = moved
            capacity = grown
        }
        return Cursor(buffer: UnsafeMutableBufferPointer(start: base, count: capacity), offset: count, end: count + bound)
    }

    /// Keeps what `cursor` (from the last `reserve`) wrote.
    @inline(__always)
    mutating func commit(_ cursor: Cursor) { count = cursor.offset }

    /// Writes a row of at most `bound` bytes.
    @inline(__always)
    mutating func row(bound: Int, _ write: (inout Cursor) -> Void) {
        var cursor = reserve(bound)
        write(&cursor)
        commit(cursor)
    }

    /// Where the next byte of a row goes (the row-block encodings below, on `BoundedBytes`).
    typealias Cursor = BoundedBytes
}

extension BoundedBytes {
    /// Leaves `length` bytes (zeros) to be written later (`RowBlockWriter.int(_:endingAt:)`).
    mutating func gap(_ length: Int) {
        precondition(length >= 0 && length <= end - offset, "row bound too small")
        for _ in 0..<length {
            buffer[offset] = 0
            offset += 1
        }
    }

    /// `ByteWriter.int`.
    @inline(__always)
    mutating func int(_ value: Int) {
        precondition(end - offset >= RowBlockWriter.intBound, "row bound too small")
        var zigzag = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while zigzag >= 0x80 {
            buffer[offset] = UInt8(truncatingIfNeeded: zigzag) | 0x80
            offset += 1
            zigzag >>= 7
        }
        buffer[offset] = UInt8(zigzag)
        offset += 1
    }

    /// `ByteWriter.string`: its length, then its bytes.
    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) {
        int(bytes.count)
        raw(bytes)
    }

    @inline(__always)
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string($0) }
    }

    /// `ByteWriter.string(_: String?)`: a 0/1 flag, then the string.
    @inline(__always)
    mutating func string(_ value: String?) {
        precondition(offset < end, "row bound too small")
        buffer[offset] = value == nil ? 0 : 1
        offset += 1
        if let value { string(value) }
    }
}

extension RowBlockWriter {
    /// Bytes `Cursor.string` writes at most for `value`.
    @inline(__always)
    static func bound(_ value: String) -> Int { intBound + value.utf8.count }

    /// Bytes `Cursor.string(_: String?)` writes at most for `value`.
    @inline(__always)
    static func bound(_ value: String?) -> Int { 1 + (value.map(bound) ?? 0) }
}
