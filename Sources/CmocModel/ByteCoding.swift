/// A compact binary layout for cmoc's own scratch files (cache entries, evidence spill blocks):
/// integers as zig-zag LEB128 varints, strings as a length then UTF-8 bytes, optionals as a 0/1 flag
/// then the value. Not an exchange format: the reader is the same build as the writer, and a file
/// that does not parse is treated as absent (re-computed), never trusted.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public mutating func int(_ value: Int) {
        var zigzag = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while zigzag >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
            zigzag >>= 7
        }
        bytes.append(UInt8(zigzag))
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func string(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    public mutating func int(_ value: Int?) {
        bool(value != nil)
        if let value { int(value) }
    }

    public mutating func double(_ value: Double?) {
        bool(value != nil)
        guard let value else { return }
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    /// Bytes as they are, with no length (the reader must know where they end).
    public mutating func raw<C: Collection<UInt8>>(_ value: C) { bytes.append(contentsOf: value) }
}

/// Reads what `ByteWriter` wrote. Every read returns nil on damaged or truncated input (and the
/// reader stays failed), so a caller can read a whole record and check once.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    public private(set) var failed = false

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var atEnd: Bool { offset >= bytes.count }

    public mutating func int() -> Int? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while !failed, offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                let value = Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
                return Int(value)
            }
            shift += 7
        }
        failed = true
        return nil
    }

    /// A count or length: an `int` that is not negative and not beyond what is left.
    public mutating func count() -> Int? {
        guard let value = int(), value >= 0, value <= bytes.count - offset else {
            failed = true
            return nil
        }
        return value
    }

    public mutating func bool() -> Bool? {
        guard !failed, offset < bytes.count, bytes[offset] <= 1 else {
            failed = true
            return nil
        }
        defer { offset += 1 }
        return bytes[offset] == 1
    }

    public mutating func string() -> String? {
        guard let length = count() else { return nil }
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    /// An optional string: nil (outer) when damaged, `.some(nil)` when absent.
    public mutating func optionalString() -> String?? {
        guard let present = bool() else { return nil }
        return present ? string().map { .some($0) } : .some(nil)
    }

    public mutating func optionalInt() -> Int?? {
        guard let present = bool() else { return nil }
        return present ? int().map { .some($0) } : .some(nil)
    }

    public mutating func optionalDouble() -> Double?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard offset + 8 <= bytes.count else {
            failed = true
            return nil
        }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
        offset += 8
        return .some(Double(bitPattern: bits))
    }

    /// The next `length` bytes as they are.
    public mutating func raw(_ length: Int) -> ArraySlice<UInt8>? {
        guard !failed, length >= 0, length <= bytes.count - offset else {
            failed = true
            return nil
        }
        defer { offset += length }
        return bytes[offset..<(offset + length)]
    }
}
