import CmocModel

/// Quotable text around a hit: its sentence(s) from the turn, trimmed at word boundaries.
///
/// Works on UTF-8 bytes. Cuts fall on ASCII spaces or sentence ends, so the excerpt stays valid
/// UTF-8; whitespace runs (including line breaks) become one space so excerpts sit safely in a CSV
/// cell, a Markdown table or a blockquote.
public enum Excerpt {
    public static let defaultLimit = 300

    /// An excerpt and the span of the hit(s) inside it (UTF-8 offsets).
    public struct Text: Sendable, Hashable, Codable {
        public var text: String
        public var highlight: ByteSpan
        public init(text: String, highlight: ByteSpan) {
            self.text = text
            self.highlight = highlight
        }
    }
    static let ellipsis = Array("…".utf8)

    /// The excerpt around `hit` (one hit, or the stretch from a turn's first to its last relevant hit)
    /// in `text`, and the hit's span inside the excerpt.
    ///
    /// - Complexity: O(length of the hit's sentence).
    public static func make(text: [UInt8], hit: ByteSpan, limit: Int = defaultLimit) -> Text {
        text.withUnsafeBufferPointer { make(text: $0, hit: hit, limit: limit) }
    }

    static func make(text: UnsafeBufferPointer<UInt8>, hit: ByteSpan, limit: Int) -> Text {
        let cut = Cut(text: text, hit: hit, limit: limit)
        var highlight = ByteSpan(0, 0)
        let excerpt = String(unsafeUninitializedCapacity: cut.capacity) { out in
            let written = cut.write(text, into: out)
            highlight = written.highlight
            return written.count
        }
        return Text(text: excerpt, highlight: highlight)
    }

    /// Appends the bytes of `make(text:hit:limit:).text` to `out` without making a String (what the
    /// row encoder needs), and returns the highlight.
    static func append(text: UnsafeBufferPointer<UInt8>, hit: ByteSpan, limit: Int = defaultLimit, to out: inout [UInt8]) -> ByteSpan {
        append(Cut(text: text, hit: hit, limit: limit), of: text, to: &out)
    }

    /// `append(text:hit:limit:to:)` once the cut is known.
    static func append(_ cut: Cut, of text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> ByteSpan {
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: cut.capacity))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            cut.write(text, into: UnsafeMutableBufferPointer(rebasing: buffer[base...]))
        }
        out.removeLast(cut.capacity - written.count)
        if written.copied >= 0x80 {
            // Not plain ASCII: repaired as a String would repair it (a cut inside a character).
            let repaired = Array(String(decoding: out[base...], as: UTF8.self).utf8)
            if !repaired.elementsEqual(out[base...]) {
                out.removeLast(out.count - base)
                out += repaired
            }
        }
        return written.highlight
    }

    /// Where an excerpt starts and ends in the text: its sentence(s), then trimmed to the limit.
    struct Cut {
        let start: Int
        let end: Int
        let from: Int
        let to: Int
        let hitStart: Int
        let hitEnd: Int

        init(text: UnsafeBufferPointer<UInt8>, hit: ByteSpan, limit: Int) {
            let n = text.count
            let hitStart = min(max(hit.start, 0), n)
            let hitEnd = min(max(hit.end, hitStart), n)

            var start = Excerpt.sentenceStart(text, before: hitStart)
            var end = Excerpt.sentenceEnd(text, after: hitEnd)
            while start < hitStart, isSpace(text[start]) { start += 1 }
            while end > hitEnd, isSpace(text[end - 1]) { end -= 1 }

            var from = start
            var to = end
            if end - start > limit {
                let hitLength = hitEnd - hitStart
                if hitLength >= limit {
                    from = hitStart
                    to = snapBack(text, hitStart + limit, floor: hitStart)
                } else {
                    let spare = limit - hitLength
                    var left = min(hitStart - start, spare / 2)
                    let right = min(end - hitEnd, spare - left)
                    left = min(hitStart - start, spare - right)
                    from = hitStart - left
                    to = hitEnd + right
                    if from > start {
                        var cut = from
                        while cut < hitStart, !isSpace(text[cut]) { cut += 1 }
                        from = cut
                    }
                    if to < end {
                        var cut = to
                        while cut > hitEnd, !isSpace(text[cut]) { cut -= 1 }
                        to = cut
                    }
                }
            }
            self.start = start
            self.end = end
            self.from = from
            self.to = to
            self.hitStart = hitStart
            self.hitEnd = hitEnd
        }

        /// True when `other` (in the same text) gives the same excerpt text: only the highlight differs.
        func sameText(as other: Cut) -> Bool {
            start == other.start && end == other.end && from == other.from && to == other.to
        }

        /// Collapsed text is never longer than the stretch, plus an ellipsis and a space at each end.
        var capacity: Int { max(0, to - from) + 2 * (ellipsis.count + 1) }

        /// Writes the excerpt into `out` (at least `capacity` bytes): its length, the highlight, and
        /// 0x80 when a byte copied from the text is not ASCII (else 0).
        ///
        /// Fast path of `writeByteByByte` (the reference, held to it by `ExcerptWriteTests`): the
        /// stretch is split where the highlight starts and ends, and inside each piece eight bytes
        /// of plain words (no control byte, no space first or last, no two spaces together) are
        /// copied as one word: the byte loop would copy them unchanged. Other bytes go one at a time.
        func write(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> (
            count: Int, highlight: ByteSpan, copied: UInt8
        ) {
            // The word tests read the first byte as the low one: little-endian machines only.
            guard UInt64(1).littleEndian == 1, let source = text.baseAddress, let target = out.baseAddress else {
                return writeByteByByte(text, into: out)
            }
            var highlightStart = 0
            var highlightEnd = 0
            var copied: UInt64 = 0
            var count = 0
            if from > start {
                for byte in ellipsis {
                    target[count] = byte
                    count += 1
                }
                target[count] = 0x20
                count += 1
            }
            highlightStart = count
            highlightEnd = count
            var pendingSpace = false
            // Copies `text[lower..<upper]` collapsing whitespace, as the byte loop does between
            // highlight positions. Output never outruns input by more than the 4-byte prefix, so an
            // 8-byte store stays inside `capacity`.
            func copy(_ lower: Int, _ upper: Int) {
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                var index = lower
                while index < upper {
                    if index + 8 <= upper {
                        let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                        // Any byte below 0x20 (tab, line break, …)?
                        let control = (word &- ones &* 0x20) & ~word & highs
                        // Exactly the bytes that are spaces (high bit of each).
                        let x = word ^ (ones &* 0x20)
                        let spaces = ~(((x & lows) &+ lows) | x | lows)
                        if control == 0, spaces & (spaces >> 8) == 0, spaces & 0x80 == 0, spaces >> 63 == 0 {
                            if pendingSpace {
                                if count > 0, target[count - 1] != 0x20 {
                                    target[count] = 0x20
                                    count += 1
                                }
                                pendingSpace = false
                            }
                            UnsafeMutableRawPointer(target + count).storeBytes(of: word, as: UInt64.self)
                            copied |= word
                            count += 8
                            index += 8
                            continue
                        }
                    }
                    let byte = source[index]
                    index += 1
                    if isSpace(byte) {
                        pendingSpace = true
                        continue
                    }
                    if pendingSpace {
                        if count > 0, target[count - 1] != 0x20 {
                            target[count] = 0x20
                            count += 1
                        }
                        pendingSpace = false
                    }
                    target[count] = byte
                    count += 1
                    copied |= UInt64(byte)
                }
            }
            var index = from
            if hitStart >= from, hitStart < to {
                copy(from, hitStart)
                index = hitStart
                let spaceComes = pendingSpace && count > 0 && target[count - 1] != 0x20
                highlightStart = count + (spaceComes ? 1 : 0)
            }
            if hitEnd > index, hitEnd <= to {
                copy(index, hitEnd)
                highlightEnd = count
                index = hitEnd
            }
            copy(index, to)
            if hitStart == to { highlightStart = count }
            if hitEnd > to { highlightEnd = count }
            if hitEnd <= hitStart { highlightEnd = highlightStart }
            while count > 0, target[count - 1] == 0x20 { count -= 1 }
            highlightEnd = min(highlightEnd, count)
            highlightStart = min(highlightStart, highlightEnd)
            if to < end {
                target[count] = 0x20
                count += 1
                for byte in ellipsis {
                    target[count] = byte
                    count += 1
                }
            }
            return (count, ByteSpan(highlightStart, highlightEnd), copied & 0x8080_8080_8080_8080 != 0 ? 0x80 : 0)
        }

        /// `write`, one byte at a time: the reference the fast path is tested against.
        func writeByteByByte(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> (
            count: Int, highlight: ByteSpan, copied: UInt8
        ) {
            var highlightStart = 0
            var highlightEnd = 0
            var copied: UInt8 = 0
            var count = 0
            func append(_ byte: UInt8) {
                out[count] = byte
                count += 1
            }
            if from > start {
                for byte in ellipsis { append(byte) }
                append(0x20)
            }
            highlightStart = count
            highlightEnd = count
            var pendingSpace = false
            var index = from
            while index < to {
                if index == hitStart {
                    let spaceComes = pendingSpace && count > 0 && out[count - 1] != 0x20
                    highlightStart = count + (spaceComes ? 1 : 0)
                }
                let byte = text[index]
                if isSpace(byte) {
                    pendingSpace = true
                } else {
                    if pendingSpace, count > 0, out[count - 1] != 0x20 { append(0x20) }
                    pendingSpace = false
                    append(byte)
                    copied |= byte
                }
                index += 1
                if index == hitEnd { highlightEnd = count }
            }
            if hitStart == to { highlightStart = count }
            if hitEnd > to { highlightEnd = count }
            if hitEnd <= hitStart { highlightEnd = highlightStart }
            while count > 0, out[count - 1] == 0x20 { count -= 1 }
            highlightEnd = min(highlightEnd, count)
            highlightStart = min(highlightStart, highlightEnd)
            if to < end {
                append(0x20)
                for byte in ellipsis { append(byte) }
            }
            return (count, ByteSpan(highlightStart, highlightEnd), copied)
        }
    }

    /// Bytes a sentence bound is next to (`\n`, `!`, `.`, `?`, all below 64) as bits of a mask: a
    /// scan tests one bit per byte and looks closer only at these.
    static let boundaryBytes: UInt64 = 1 << 0x0A | 1 << 0x21 | 1 << 0x2E | 1 << 0x3F

    @inline(__always)
    static func mayBound(_ byte: UInt8) -> Bool { byte < 64 && (boundaryBytes >> UInt64(byte)) & 1 != 0 }

    /// The largest `start <= index` where `isSentenceStart` holds (0 if none): found by looking back
    /// for a line break or a sentence end mark only, not testing every position.
    static func sentenceStart(_ text: UnsafeBufferPointer<UInt8>, before index: Int) -> Int {
        // A sentence starts at s after a line break at s - 1, or a mark at s - 2 and a space at s - 1.
        var k = index - 1
        while k >= 0 {
            let byte = text[k]
            if mayBound(byte) {
                if byte == 0x0A { return k + 1 }
                if k + 2 <= index, isSpace(text[k + 1]) { return k + 2 }
            }
            k -= 1
        }
        return 0
    }

    /// The smallest `end >= index` where `isSentenceEnd` holds (the text's end if none), found the
    /// same way.
    static func sentenceEnd(_ text: UnsafeBufferPointer<UInt8>, after index: Int) -> Int {
        // A sentence ends at e before a line break at e, or after a mark at e - 1 before a space at e.
        let n = text.count
        var k = max(index - 1, 0)
        while k < n {
            let byte = text[k]
            if mayBound(byte) {
                if byte == 0x0A, k >= index { return k }
                if byte != 0x0A, k + 1 >= index, k + 1 < n, isSpace(text[k + 1]) { return k + 1 }
            }
            k += 1
        }
        return max(index, n)
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    static func isTerminal(_ byte: UInt8) -> Bool { byte == 0x2E || byte == 0x21 || byte == 0x3F }

    /// True when a sentence may start at `index`: after a line break, or after `.`, `!` or `?` and a space.
    static func isSentenceStart(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index > 0 else { return true }
        if text[index - 1] == 0x0A { return true }
        return index >= 2 && isSpace(text[index - 1]) && isTerminal(text[index - 2])
    }

    /// True when a sentence ends just before `index`: after `.`, `!` or `?` followed by a space or the end,
    /// or before a line break.
    static func isSentenceEnd(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        if index >= text.count { return true }
        if text[index] == 0x0A { return true }
        return index > 0 && isTerminal(text[index - 1]) && isSpace(text[index])
    }

    /// `index` moved back to a space (or to a UTF-8 character start) but not below `floor`.
    /// `index` may be the text's end (a hit `limit` or more long that ends there): that position is
    /// read as the NUL after a String's bytes reads (not a space, not inside a character), never past
    /// the buffer.
    static func snapBack(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, floor: Int) -> Int {
        var cut = index
        while cut > floor, cut >= text.count || !isSpace(text[cut]) { cut -= 1 }
        if cut > floor { return cut }
        cut = index
        while cut > floor, cut < text.count, text[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}
