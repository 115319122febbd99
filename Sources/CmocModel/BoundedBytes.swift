/// Where the next byte goes in a region of a buffer (`offset` up to `end`): every write checks that
/// it stays inside, so a wrong bound stops the program rather than writing past the buffer. The
/// evidence stage's row blocks and the reports' CSV rows write through it, each with its own
/// encodings on top.
@frozen public struct BoundedBytes {
    public let buffer: UnsafeMutableBufferPointer<UInt8>
    public var offset: Int
    public let end: Int

    @inlinable
    public init(buffer: UnsafeMutableBufferPointer<UInt8>, offset: Int, end: Int) {
        self.buffer = buffer
        self.offset = offset
        self.end = end
    }

    /// Copies bytes as they are.
    @inlinable @inline(__always)
    public mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= end - offset, "row bound too small")
        guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
        (target + offset).update(from: source, count: bytes.count)
        offset += bytes.count
    }

    @inlinable @inline(__always)
    public mutating func raw(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { raw($0) } }

    @inlinable @inline(__always)
    public mutating func byte(_ value: UInt8) {
        precondition(offset < end, "row bound too small")
        buffer[offset] = value
        offset += 1
    }
}
