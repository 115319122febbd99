#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers on UTF-8 text: lines, trimming, whitespace folding. Strings are made only at
/// the edges (labels and unit texts).
enum ByteText {
    typealias Bytes = ArraySlice<UInt8>

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }

    /// Lines split at LF (the decoder has already normalised line endings).
    /// Like `split(separator: 0x0A, omittingEmptySubsequences: false)`: n line feeds give n + 1 lines.
    static func lines(_ bytes: [UInt8]) -> [Bytes] {
        var lines: [Bytes] = []
        forEachLine(bytes) { lines.append($0) }
        return lines
    }

    /// Calls `body` with each line of `lines(bytes)` in order, without building the array of lines
    /// (a reader that maps lines to its own values keeps one array instead of two).
    @inline(__always)
    static func forEachLine(_ bytes: [UInt8], _ body: (Bytes) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while let k = firstOffset(of: 0x0A, in: UnsafeBufferPointer(rebasing: buffer[start...])) {
                body(bytes[start..<(start + k)])
                start += k + 1
            }
            body(bytes[start...])
        }
    }

    /// Without leading and trailing spaces, tabs and no-break spaces.
    static func trimmed(_ s: Bytes) -> Bytes {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi {
            if isWhitespace(s[lo]) { lo += 1 } else if s[lo] == 0xC2, lo + 1 < hi, s[lo + 1] == 0xA0 { lo += 2 } else { break }
        }
        while hi > lo {
            if isWhitespace(s[hi - 1]) { hi -= 1 } else if hi - lo >= 2, s[hi - 2] == 0xC2, s[hi - 1] == 0xA0 { hi -= 2 } else { break }
        }
        return s[lo..<hi]
    }

    static func isBlank(_ s: Bytes) -> Bool { trimmed(s).isEmpty }

    static func string(_ s: Bytes) -> String { String(decoding: s, as: UTF8.self) }

    /// Runs of whitespace (including line breaks and no-break spaces) folded into one space, trimmed.
    ///
    /// - Complexity: O(n), one pass writing straight into the new string's storage.
    static func collapsed(_ s: Bytes) -> String {
        s.withUnsafeBufferPointer { collapsed($0, pieces: CollectionOfOne(0..<$0.count)) }
    }

    static func collapsed(_ s: String) -> String {
        var copy = s
        return copy.withUTF8 { collapsed($0, pieces: CollectionOfOne(0..<$0.count)) }
    }

    /// The concatenation of `pieces` of `base`, collapsed as one text (WebVTT text between tags).
    static func collapsed<Pieces: Collection<Range<Int>>>(_ base: UnsafeBufferPointer<UInt8>, pieces: Pieces) -> String {
        let total = pieces.reduce(0) { $0 + $1.count }
        guard total > 0, let src = base.baseAddress else { return "" }
        // The output is never longer than the input: a space replaces at least one whitespace byte.
        return String(unsafeUninitializedCapacity: total) { out in
            guard let dst = out.baseAddress else { return 0 }
            var n = 0
            var pendingSpace = false
            for piece in pieces {
                var i = piece.lowerBound
                let end = piece.upperBound
                while i < end {
                    let b = src[i]
                    if b > 0x20 && b != 0xC2 {
                        if pendingSpace {
                            if n > 0 { out[n] = 0x20; n += 1 }
                            pendingSpace = false
                        }
                        // Fast path: the run from here that folds to itself (see `selfFoldingRunEnd`)
                        // is copied in one go; typed text is mostly such runs, a line at a time.
                        let runEnd = selfFoldingRunEnd(src, from: i, to: end)
                        (dst + n).update(from: src + i, count: runEnd - i)
                        n += runEnd - i
                        i = runEnd
                        continue
                    }
                    if isWhitespace(b) {
                        pendingSpace = true
                        i += 1
                        continue
                    }
                    if b == 0xC2, i + 1 < end, src[i + 1] == 0xA0 {
                        pendingSpace = true
                        i += 2
                        continue
                    }
                    if pendingSpace && n > 0 { out[n] = 0x20; n += 1 }
                    pendingSpace = false
                    out[n] = b
                    n += 1
                    i += 1
                }
            }
            return n
        }
    }

    /// The end of the run starting at `start` (a byte above 0x20 other than 0xC2) that folds to
    /// itself: it stops before the first byte below 0x0E (tab, LF, FF, CR and other controls), the
    /// first 0xC2 (a no-break space may start there) and the second of two spaces side by side,
    /// and leaves out a space it would end on. Always past `start`.
    ///
    /// - Complexity: O(run length), eight bytes at a time; each mask's lowest set byte is exact.
    @inline(__always)
    static func selfFoldingRunEnd(_ src: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var j = start
        // 0x80 in byte 0 when the byte before the current word is a space.
        var carry: UInt64 = 0
        var stop = end
        while j + 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(src + j).loadUnaligned(as: UInt64.self))
            let low = (w &- 0x0E * ones) & ~w & highs
            let c2 = w ^ (0xC2 * ones)
            let isC2 = (c2 &- ones) & ~c2 & highs
            let t = w ^ (0x20 * ones)
            let spaces = ~(((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | t) & highs
            let bad = low | isC2 | (spaces & ((spaces << 8) | carry))
            if bad != 0 {
                stop = j + bad.trailingZeroBitCount >> 3
                break
            }
            carry = spaces >> 56
            j += 8
        }
        if stop == end {
            while j < end {
                let b = src[j]
                if b < 0x0E || b == 0xC2 || (b == 0x20 && j > start && src[j - 1] == 0x20) { break }
                j += 1
            }
            stop = j
        }
        // `src[start]` is not a space, so the run keeps at least that byte.
        return src[stop - 1] == 0x20 ? stop - 1 : stop
    }

    /// Whether `s` starts with `prefix`, ASCII case-insensitively.
    static func hasPrefixIgnoringCase(_ s: Bytes, _ prefix: StaticString) -> Bool {
        guard s.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { p in
            var k = s.startIndex
            for pb in p {
                let b = s[k]
                k += 1
                if b == pb { continue }
                if isASCIILetter(b) && isASCIILetter(pb) && (b | 0x20) == (pb | 0x20) { continue }
                return false
            }
            return true
        }
    }

    /// Offset of the first `byte` in `buffer`: the C library's `memchr`, which reads 32 or 64
    /// bytes a step where the processor can (the eight-byte SWAR loop it replaces was the cost of
    /// line splitting).
    @inline(__always)
    static func firstOffset(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress, buffer.count > 0,
              let hit = memchr(base, Int32(byte), buffer.count) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    static func firstOffset(of byte: UInt8, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstOffset(of: byte, in: $0) }
    }

    /// Index of the first occurrence of `needle` in `s`.
    static func find(_ needle: [UInt8], in s: Bytes) -> Int? {
        guard !needle.isEmpty, s.count >= needle.count else { return nil }
        var i = s.startIndex
        let last = s.endIndex - needle.count
        while i <= last {
            if s[i] == needle[0] {
                var k = 1
                while k < needle.count && s[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Minimal HTML/XML character references used in caption payloads.
    static func decodeEntities(_ s: String) -> String {
        let hasAmpersand = s.utf8.withContiguousStorageIfAvailable { firstOffset(of: 0x26, in: $0) != nil } ?? s.utf8.contains(0x26)
        guard hasAmpersand else { return s }
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        outer: while i < bytes.count {
            if bytes[i] == 0x26 {
                for (entity, value) in entities where bytes[i...].starts(with: entity) {
                    out += value
                    i += entity.count
                    continue outer
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The character references captions use, replaced in one left-to-right pass (so `&amp;lt;`
    /// is `&lt;`, as HTML reads it).
    private static let entities: [([UInt8], [UInt8])] = [
        ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&nbsp;", "\u{A0}"), ("&lrm;", "\u{200E}"),
        ("&rlm;", "\u{200F}"), ("&amp;", "&"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
}
