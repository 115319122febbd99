/// Decodes transcript bytes into UTF-8 with `\n` line endings, deliberately and reportably.
///
/// Order: byte-order mark (UTF-8, UTF-16 LE/BE); valid UTF-8; UTF-16 LE without BOM when NUL
/// bytes sit at odd offsets; otherwise ISO-8859-1 / Windows-1252 when every byte is a defined
/// character there. Anything else is an error with the byte offset: never silent replacement.
struct DecodedText: Sendable {
    /// UTF-8 bytes, BOM removed, CRLF and lone CR turned into LF.
    var bytes: [UInt8]
    /// `utf-8`, `utf-8+bom`, `utf-16le`, `utf-16be`, `iso-8859-1`, `windows-1252`.
    var encoding: String
    /// True when every byte is known to be ASCII (set where the decoder's scan saw it; false means "not known").
    var isASCII = false

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

enum TextDecoder {
    static func decode(_ input: [UInt8]) -> Result<DecodedText, IngestError> {
        if input.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(input.dropFirst(3))
            if let bad = firstInvalidUTF8(body) {
                return .failure(.undecodableBytes(offset: bad + 3, detail: "invalid UTF-8 after a UTF-8 byte-order mark"))
            }
            return .success(DecodedText(bytes: normaliseLineEndings(body), encoding: "utf-8+bom"))
        }
        if input.starts(with: [0xFF, 0xFE]) { return decodeUTF16(input, from: 2, littleEndian: true, name: "utf-16le") }
        if input.starts(with: [0xFE, 0xFF]) { return decodeUTF16(input, from: 2, littleEndian: false, name: "utf-16be") }

        // One pass tells valid UTF-8, all-ASCII, NUL and CR; NUL is searched again only when the
        // scan stopped early at invalid UTF-8 or found one.
        let scan = input.withUnsafeBufferPointer { scanUTF8($0) }
        let badUTF8 = scan.firstInvalid
        if badUTF8 != nil || scan.hasNUL, let nul = ByteText.firstOffset(of: 0, in: input) {
            if looksLikeUTF16LE(input) { return decodeUTF16(input, from: 0, littleEndian: true, name: "utf-16le") }
            return .failure(.undecodableBytes(offset: nul, detail: "NUL byte: binary data, not text"))
        }
        guard let firstBad = badUTF8 else {
            let bytes = scan.hasCR ? normaliseLineEndings(input) : input
            return .success(DecodedText(bytes: bytes, encoding: "utf-8", isASCII: scan.isASCII))
        }
        return decodeSingleByte(input, firstBadUTF8: firstBad)
    }

    /// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
    ///
    /// - Complexity: O(n); runs of ASCII are skipped eight bytes at a time.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        scanUTF8(bytes).firstInvalid
    }

    /// What one pass over the bytes found: the first invalid UTF-8 offset (where the pass stops),
    /// and, up to there, whether every byte was ASCII and whether a NUL or a CR was seen.
    struct UTF8Scan: Equatable {
        var firstInvalid: Int?
        var isASCII: Bool
        var hasNUL: Bool
        var hasCR: Bool
    }

    /// Validates UTF-8 and notes NUL and CR bytes in the same pass, so the decoder needs no
    /// separate NUL search or line-ending scan for ordinary text.
    ///
    /// - Complexity: O(n); runs of ASCII are checked eight bytes at a time.
    static func scanUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> UTF8Scan {
        guard let base = bytes.baseAddress else { return UTF8Scan(firstInvalid: nil, isASCII: true, hasNUL: false, hasCR: false) }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // In a word of ASCII bytes, `(x - ones) & highs` is non-zero exactly when a byte of x is zero:
        // these collect that for x = the word (NUL) and x = the word XOR 0x0D... (CR).
        var nulWords: UInt64 = 0
        var crWords: UInt64 = 0
        var isASCII = true
        var hasNUL = false
        var hasCR = false
        var i = 0
        let n = bytes.count
        func result(_ invalid: Int?) -> UTF8Scan {
            UTF8Scan(
                firstInvalid: invalid, isASCII: isASCII, hasNUL: hasNUL || nulWords & highs != 0,
                hasCR: hasCR || crWords & highs != 0)
        }
        while i < n {
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & highs != 0 { break }
                nulWords |= w &- ones
                crWords |= (w ^ (0x0D &* ones)) &- ones
                i += 8
            }
            guard i < n else { break }
            let b = base[i]
            if b < 0x80 {
                if b == 0 { hasNUL = true } else if b == 0x0D { hasCR = true }
                i += 1
                continue
            }
            isASCII = false
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return result(i)
            }
            guard i + length <= n else { return result(i) }
            let second = base[i + 1]
            guard second >= lower && second <= upper else { return result(i) }
            var k = 2
            while k < length {
                guard base[i + k] & 0xC0 == 0x80 else { return result(i) }
                k += 1
            }
            i += length
        }
        return result(nil)
    }

    private static func looksLikeUTF16LE(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return false }
        let sample = min(bytes.count, 4096)
        var oddZeros = 0
        var evenZeros = 0
        for i in 0..<sample where bytes[i] == 0 {
            if i % 2 == 1 { oddZeros += 1 } else { evenZeros += 1 }
        }
        return evenZeros == 0 && oddZeros * 10 >= (sample / 2) * 6
    }

    private static func decodeUTF16(
        _ input: [UInt8], from start: Int, littleEndian: Bool, name: String
    ) -> Result<DecodedText, IngestError> {
        guard (input.count - start) % 2 == 0 else {
            return .failure(.undecodableBytes(offset: input.count - 1, detail: "odd number of bytes in \(name) text"))
        }
        var units: [UInt16] = []
        units.reserveCapacity((input.count - start) / 2)
        var i = start
        while i + 1 < input.count {
            let a = UInt16(input[i]), b = UInt16(input[i + 1])
            units.append(littleEndian ? (b << 8 | a) : (a << 8 | b))
            i += 2
        }
        // Validate surrogate pairs ourselves: String(decoding:) would replace them silently.
        var k = 0
        while k < units.count {
            let u = units[k]
            if u >= 0xD800 && u <= 0xDBFF {
                guard k + 1 < units.count, units[k + 1] >= 0xDC00 && units[k + 1] <= 0xDFFF else {
                    return .failure(.undecodableBytes(offset: start + 2 * k, detail: "unpaired UTF-16 surrogate"))
                }
                k += 2
                continue
            }
            if u >= 0xDC00 && u <= 0xDFFF {
                return .failure(.undecodableBytes(offset: start + 2 * k, detail: "unpaired UTF-16 surrogate"))
            }
            if u == 0 {
                return .failure(.undecodableBytes(offset: start + 2 * k, detail: "NUL character in \(name) text"))
            }
            k += 1
        }
        let text = String(decoding: units, as: UTF16.self)
        return .success(DecodedText(bytes: normaliseLineEndings(Array(text.utf8)), encoding: name))
    }

    /// Windows-1252 code points for bytes 0x80-0x9F; nil marks the five undefined bytes.
    static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    private static func decodeSingleByte(_ input: [UInt8], firstBadUTF8: Int) -> Result<DecodedText, IngestError> {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 8)
        var usedC1Range = false
        for (offset, byte) in input.enumerated() {
            let scalarValue: UInt32
            switch byte {
            case 0x80...0x9F:
                guard let mapped = windows1252High[Int(byte - 0x80)] else {
                    return .failure(.undecodableBytes(
                        offset: offset,
                        detail: "not UTF-8 (first bad byte at offset \(firstBadUTF8)), and byte 0x\(hex(byte)) is undefined in Windows-1252"))
                }
                usedC1Range = true
                scalarValue = mapped
            case 0x00...0x08, 0x0B, 0x0E...0x1F, 0x7F:
                return .failure(.undecodableBytes(
                    offset: offset,
                    detail: "not UTF-8 (first bad byte at offset \(firstBadUTF8)), and control byte 0x\(hex(byte)) is not text"))
            default:
                scalarValue = UInt32(byte)
            }
            if let scalar = Unicode.Scalar(scalarValue) { UTF8.encode(scalar) { out.append($0) } }
        }
        return .success(DecodedText(bytes: normaliseLineEndings(out), encoding: usedC1Range ? "windows-1252" : "iso-8859-1"))
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// CRLF and lone CR become LF.
    static func normaliseLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { src -> [UInt8] in
            guard let first = ByteText.firstOffset(of: 0x0D, in: src) else { return bytes }
            return [UInt8](unsafeUninitializedCapacity: src.count) { out, count in
                var n = 0
                var i = 0
                // Up to the first CR the text is copied as it is.
                while i < first { out[n] = src[i]; n += 1; i += 1 }
                while i < src.count {
                    let b = src[i]
                    if b == 0x0D {
                        out[n] = 0x0A
                        if i + 1 < src.count && src[i + 1] == 0x0A { i += 1 }
                    } else {
                        out[n] = b
                    }
                    n += 1
                    i += 1
                }
                count = n
            }
        }
    }
}
