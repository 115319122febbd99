/// Conversion of UTF-8 byte offsets to Unicode code-point offsets, for outputs that count in
/// code points (the CLI's JSON, the names-gold benchmark).
public struct CodePointOffsets: Sendable {
    /// `prefix[b]` = code points in the first `b` bytes.
    private let prefix: [Int]

    public init(_ text: String) {
        var prefix = [Int]()
        prefix.reserveCapacity(text.utf8.count + 1)
        var count = 0
        prefix.append(0)
        for byte in text.utf8 {
            if byte & 0xC0 != 0x80 { count += 1 }
            prefix.append(count)
        }
        self.prefix = prefix
    }

    /// Code points before byte offset `byte` (clamped to the text).
    public func codePoint(atByte byte: Int) -> Int { prefix[max(0, min(byte, prefix.count - 1))] }
}
