/// FNV-1a 64 over a stream of fields (each closed by a 0xFF byte that UTF-8 never contains): the
/// results digest the benchmarks print, so speed work can show it changed nothing. Each benchmark
/// adds its own overloads for its result types.
public struct FieldDigest: Sendable {
    public var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    @inlinable public mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        value = (value ^ 0xFF) &* 0x0000_0100_0000_01B3
    }

    /// A string's UTF-8, or a lone 0xFE (never UTF-8 either) for nil.
    @inlinable public mutating func add(_ s: String?) { add(s.map { Array($0.utf8) } ?? [0xFE]) }

    /// Sixteen lower-case hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
