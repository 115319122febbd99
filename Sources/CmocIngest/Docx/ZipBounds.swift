/// Checks, before ZIPFoundation sees the bytes, that every offset its reader will seek to lies
/// inside the buffer: the end-of-central-directory record, the central directory entries, each
/// local header and each entry's data. ZIPFoundation 0.9's in-memory reader traps (a range with
/// lowerBound > upperBound) when a corrupt or hostile package seeks past the end, so such
/// packages must be refused here with an error instead of taking the process down.
/// ZIP64 packages are refused too: a .docx never needs them.
enum ZipBounds {
    static let eocdSignature: UInt32 = 0x0605_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50

    /// Nil when the package is safe to hand to ZIPFoundation, else what is wrong.
    static func problem(_ b: [UInt8]) -> String? {
        func u16(_ i: Int) -> Int? { i >= 0 && i + 2 <= b.count ? Int(b[i]) | Int(b[i + 1]) << 8 : nil }
        func u32(_ i: Int) -> Int? {
            guard i >= 0, i + 4 <= b.count else { return nil }
            return Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
        }
        // Same search as ZIPFoundation: backwards from 22 bytes before the end, first match wins.
        var eocd: Int?
        var index = 22
        while index <= b.count {
            if u32(b.count - index) == Int(eocdSignature) { eocd = b.count - index; break }
            index += 1
        }
        guard let eocd else { return "no end-of-central-directory record" }
        guard eocd + 22 <= b.count else { return "truncated end-of-central-directory record" }
        if eocd >= 20, u32(eocd - 20) == Int(zip64LocatorSignature) { return "ZIP64 packages are not supported" }
        guard let count = u16(eocd + 10), let size = u32(eocd + 12), let start = u32(eocd + 16) else {
            return "truncated end-of-central-directory record"
        }
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF { return "ZIP64 packages are not supported" }
        guard start + size <= b.count else { return "central directory lies outside the file" }
        var offset = start
        for _ in 0..<count {
            guard offset + 46 <= b.count, u32(offset) == Int(centralSignature),
                  let flags = u16(offset + 8), let compressed = u32(offset + 20), let uncompressed = u32(offset + 24),
                  let nameLength = u16(offset + 28), let extraLength = u16(offset + 30),
                  let commentLength = u16(offset + 32), let local = u32(offset + 42)
            else { return "central directory entry is damaged" }
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                return "ZIP64 packages are not supported"
            }
            guard local + 30 <= b.count, u32(local) == Int(localSignature),
                  let localName = u16(local + 26), let localExtra = u16(local + 28)
            else { return "local file header lies outside the file" }
            let dataEnd = local + 30 + localName + localExtra + compressed
            // A data descriptor (flag bit 3) follows the data: 12 bytes, 16 with its signature.
            guard dataEnd + (flags & 0x08 != 0 ? 12 : 0) <= b.count else { return "entry data lies outside the file" }
            offset += 46 + nameLength + extraLength + commentLength
            guard offset <= b.count else { return "central directory entry is damaged" }
        }
        return nil
    }
}
