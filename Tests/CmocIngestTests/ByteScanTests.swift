import BenchSupport
import CmocModel
import Testing

@testable import CmocIngest

/// The byte-level fast paths of the ingest (word-at-a-time searches, whitespace folding into the
/// string's storage, line splitting, line-ending normalisation, mojibake scan, timecodes): rows of
/// edge cases with expected results, and each fast path checked against a plain oracle on
/// generated inputs that put the interesting bytes on and around 8-byte word boundaries.
@Suite("Byte scans")
struct ByteScanTests {
    /// Byte strings made of pieces that matter to the scans: ASCII runs, every whitespace byte,
    /// vertical tab (not whitespace), no-break space and its halves, two- to four-byte UTF-8,
    /// mojibake, NUL and bytes that are never UTF-8.
    static func generated(count: Int, seed: UInt64) -> [[UInt8]] {
        let pieces: [[UInt8]] = [
            Array("abcdefgh".utf8), Array("a".utf8), Array("ab cd ef".utf8), Array("and so on ".utf8), [0x20], [0x20, 0x20], [0x09], [0x0A], [0x0D], [0x0D, 0x0A],
            [0x0C], [0x0B], [0xC2, 0xA0], [0xC2], [0xA0], Array("é".utf8), Array("€".utf8), Array("😀".utf8),
            [0xC3, 0x83, 0xC2, 0xA9], [0xC3, 0x82, 0xC2, 0x80], [0xC3], [0x00], [0xFF], [0xED, 0xA0, 0x80], [0x26],
        ]
        // SplitMix64 (shared with the benchmarks): the same generated inputs on every run.
        var g = SplitMix64(state: seed)
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<g.below(12) { bytes += pieces[g.below(pieces.count)] }
            return bytes
        }
    }

    // MARK: whitespace folding

    /// The folding rule spelled out byte by byte, building the result through an array.
    static func collapsedOracle(_ s: [UInt8]) -> String {
        var out: [UInt8] = []
        var pending = false
        var i = 0
        while i < s.count {
            if [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(s[i]) {
                pending = true
                i += 1
            } else if s[i] == 0xC2, i + 1 < s.count, s[i + 1] == 0xA0 {
                pending = true
                i += 2
            } else {
                if pending && !out.isEmpty { out.append(0x20) }
                pending = false
                out.append(s[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test("whitespace folds to one space, trimmed", arguments: [
        ("", ""), ("   ", ""), ("  a  b  ", "a b"), ("a\r\nb", "a b"), ("a\rb", "a b"), ("\ta\u{0C}b\n", "a b"),
        ("a\u{A0}b", "a b"), ("\u{A0}a \u{A0} b\u{A0}", "a b"), ("café  naïve", "café naïve"), ("a\u{0B}b", "a\u{0B}b"),
        ("Ž  É", "Ž É"), ("abcdefgh ijklmnop", "abcdefgh ijklmnop"), ("abcdefg  hijklmnop", "abcdefg hijklmnop"),
        ("abc\tdefghijkl", "abc defghijkl"), ("abcdefg\u{A0}hijklmnop", "abcdefg hijklmnop"), (" abcdefghij ", "abcdefghij"),
        ("ab cd ef gh ij kl", "ab cd ef gh ij kl"), ("abcdefgh\n\nijklmnop", "abcdefgh ijklmnop"), ("naïve café", "naïve café"), ("The  quick\n\nbrown   fox jumps over the lazy dog", "The quick brown fox jumps over the lazy dog"),
    ])
    func collapsed(_ input: String, _ expected: String) {
        #expect(ByteText.collapsed(input) == expected)
        #expect(ByteText.collapsed(Array(input.utf8)[...]) == expected)
    }

    @Test("bytes that are not UTF-8 are repaired as String(decoding:) repairs them", arguments: [
        ([0x61, 0xFF, 0x20, 0x20, 0x62], "a\u{FFFD} b"), ([0x61, 0xC2], "a\u{FFFD}"), ([0xC2, 0x20, 0x62], "\u{FFFD} b"),
    ] as [([UInt8], String)])
    func collapsedRepairs(_ bytes: [UInt8], _ expected: String) {
        #expect(ByteText.collapsed(bytes[...]) == expected)
    }

    @Test("folding agrees with the byte-by-byte rule on generated text, whole and in pieces")
    func collapsedMatchesOracle() {
        for bytes in Self.generated(count: 3_000, seed: 1) {
            #expect(ByteText.collapsed(bytes[...]) == Self.collapsedOracle(bytes), "\(bytes)")
            // The same bytes split into pieces (as WebVTT text between tags) fold as one text.
            let cut = bytes.count / 3, cut2 = 2 * bytes.count / 3
            let pieced = bytes.withUnsafeBufferPointer {
                ByteText.collapsed($0, pieces: [0..<cut, cut..<cut2, cut2..<bytes.count])
            }
            // A no-break space cut in two is not one (never happens in decoded text: `<` cannot follow 0xC2).
            let splitsNoBreakSpace = [cut, cut2].contains { $0 > 0 && bytes[$0 - 1] == 0xC2 }
            if !splitsNoBreakSpace { #expect(pieced == Self.collapsedOracle(bytes), "\(bytes)") }
        }
    }

    /// Long typed-text runs (words of 1-12 letters, single spaces) broken now and then by what
    /// ends a self-folding run: double spaces, tabs, line ends, no-break spaces, a lone 0xC2,
    /// controls, multi-byte letters; so run ends fall on every position of an 8-byte word.
    static func generatedRuns(count: Int, seed: UInt64) -> [[UInt8]] {
        let breaks: [[UInt8]] = [
            [0x20, 0x20], [0x09], [0x0A], [0x0D], [0x0C], [0x0B], [0x01], [0x1F], [0xC2, 0xA0], [0x20, 0xC2, 0xA0],
            [0xC2], Array("é".utf8), [0x20], [0x20, 0x0A, 0x20], [0x20, 0x20, 0x20],
        ]
        // SplitMix64 (shared with the benchmarks): the same generated inputs on every run.
        var g = SplitMix64(state: seed)
        return (0..<count).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<(1 + g.below(40)) {
                for _ in 0..<(1 + g.below(12)) { bytes.append(UInt8(0x61 + g.below(26))) }
                bytes += g.below(5) == 0 ? breaks[g.below(breaks.count)] : [0x20]
            }
            return bytes
        }
    }

    @Test("folding copies self-folding runs exactly as the byte-by-byte rule on long generated text")
    func collapsedRunsMatchOracle() {
        for bytes in Self.generatedRuns(count: 3_000, seed: 11) {
            #expect(ByteText.collapsed(bytes[...]) == Self.collapsedOracle(bytes), "\(bytes)")
            // Starting a byte later puts every run on another word alignment.
            #expect(ByteText.collapsed(bytes.dropFirst()) == Self.collapsedOracle(Array(bytes.dropFirst())), "\(bytes)")
        }
    }

    @Test("a self-folding run ends before the byte that needs folding", arguments: [
        ("abcdefghijk", 11), ("abc def", 7), ("abc  def", 3), ("abcdefg  h", 7), ("abcdefgh  i", 8), ("abc\tdef", 3),
        ("abcdefghij\nk", 10), ("ab\u{A0}cd", 2), ("abcdefgh ", 8), ("abcdefghijklmno\u{0B}p", 15), ("a b c d e f g h i", 17),
        ("abcdefghijklmnop\u{1F}q", 18),
    ])
    func selfFoldingRunEnd(_ text: String, _ expected: Int) {
        let bytes = Array(text.utf8)
        let end = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { ByteText.selfFoldingRunEnd($0, from: 0, to: buffer.count) }
        }
        #expect(end == expected)
    }

    // MARK: searches and lines

    @Test("word-at-a-time byte search finds what firstIndex finds")
    func firstOffset() {
        for bytes in Self.generated(count: 2_000, seed: 2) {
            for needle: UInt8 in [0x00, 0x0A, 0x0D, 0x26, 0xC3, 0xFF] {
                #expect(ByteText.firstOffset(of: needle, in: bytes) == bytes.firstIndex(of: needle))
            }
        }
    }

    @Test("byte search finds the first of two at every position of buffers up to 160 bytes, and nothing when absent")
    func firstOffsetLong() {
        for count in [0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 160] {
            let plain = Array(repeating: UInt8(0x61), count: count)
            #expect(ByteText.firstOffset(of: 0x0A, in: plain) == nil)
            for k in 0..<count {
                var bytes = plain
                bytes[k] = 0x0A
                if k + 3 < count { bytes[k + 3] = 0x0A }
                #expect(ByteText.firstOffset(of: 0x0A, in: bytes) == k, "\(count) \(k)")
                // The same bytes seen from an offset (a line after the first).
                let tail = Array(bytes[(k / 2)...])
                #expect(ByteText.firstOffset(of: 0x0A, in: tail) == k - k / 2, "\(count) \(k)")
            }
        }
    }

    @Test("lines split like split(separator:) keeping empty lines", arguments: [
        "", "\n", "a", "a\n", "\na", "a\n\nb", "line one\nline two\n\n\nline five", "no line feed at all, but longer than eight",
    ])
    func lines(_ text: String) {
        let bytes = Array(text.utf8)
        let expected = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        #expect(ByteText.lines(bytes).map(Array.init) == expected)
    }

    @Test("lines agree with split on generated text")
    func linesMatchSplit() {
        for bytes in Self.generated(count: 1_000, seed: 3) {
            let expected = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            #expect(ByteText.lines(bytes) == expected)
        }
    }

    @Test("case-insensitive ASCII prefixes", arguments: [
        ("WEBVTT", true), ("webvtt Kind: captions", true), ("WebVtt", true), ("WEBVT", false), ("", false), ("XWEBVTT", false),
    ])
    func prefix(_ text: String, _ expected: Bool) {
        #expect(ByteText.hasPrefixIgnoringCase(Array(text.utf8)[...], "WEBVTT") == expected)
    }

    // MARK: decoding

    @Test("UTF-8 validation agrees with the standard library's parser on generated bytes")
    func utf8MatchesParser() {
        for bytes in Self.generated(count: 3_000, seed: 4) {
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = bytes.makeIterator()
            var offset = 0
            var expected: Int?
            parsing: while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let scalar): offset += scalar.count
                case .emptyInput: break parsing
                case .error:
                    expected = offset
                    break parsing
                }
            }
            #expect(TextDecoder.firstInvalidUTF8(bytes) == expected, "\(bytes)")
        }
    }

    @Test("a bad byte is found at every position of a long ASCII run", arguments: 0..<20)
    func badByteAfterASCII(_ position: Int) {
        var bytes = Array(repeating: UInt8(0x61), count: 20)
        bytes[position] = 0x80
        #expect(TextDecoder.firstInvalidUTF8(bytes) == position)
    }

    @Test("the one-pass scan notes ASCII, NUL and CR before the first invalid byte as plain searches do")
    func scanMatchesSearches() {
        let texts = Self.generated(count: 3_000, seed: 5) + Self.generatedRuns(count: 500, seed: 6)
            + (0..<40).map { k in Array(repeating: UInt8(0x61), count: k) + [0x0D] + Array(repeating: 0x62, count: 40 - k) }
            + (0..<40).map { k in Array(repeating: UInt8(0x61), count: k) + [0x00] + Array(repeating: 0x62, count: 40 - k) }
        for bytes in texts {
            let scan = bytes.withUnsafeBufferPointer { TextDecoder.scanUTF8($0) }
            let invalid = TextDecoder.firstInvalidUTF8(bytes)
            let seen = bytes[..<(invalid ?? bytes.count)]
            #expect(scan.firstInvalid == invalid, "\(bytes)")
            #expect(scan.isASCII == (invalid == nil && bytes.allSatisfy { $0 < 0x80 }), "\(bytes)")
            #expect(scan.hasNUL == seen.contains(0), "\(bytes)")
            #expect(scan.hasCR == seen.contains(0x0D), "\(bytes)")
        }
    }

    @Test("decoding valid UTF-8 gives the bytes with line endings normalised, and says when it is ASCII")
    func decodeUsesScan() throws {
        for bytes in Self.generated(count: 3_000, seed: 7) + Self.generatedRuns(count: 500, seed: 8) {
            guard TextDecoder.firstInvalidUTF8(bytes) == nil, !bytes.contains(0), !bytes.starts(with: [0xEF, 0xBB, 0xBF])
            else { continue }
            let decoded = try TextDecoder.decode(bytes).get()
            #expect(decoded.bytes == TextDecoder.normaliseLineEndings(bytes), "\(bytes)")
            #expect(decoded.encoding == "utf-8")
            #expect(decoded.isASCII == bytes.allSatisfy { $0 < 0x80 }, "\(bytes)")
        }
    }

    @Test("CRLF and lone CR become LF", arguments: [
        ("", ""), ("no carriage return", "no carriage return"), ("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("\r", "\n"),
        ("\r\r\n", "\n\n"), ("a\n\rb", "a\n\nb"), ("ends with CR\r", "ends with CR\n"), ("\r\nstarts", "\nstarts"),
        ("mixed\r\nline\rends\n", "mixed\nline\nends\n"),
    ])
    func lineEndings(_ input: String, _ expected: String) {
        #expect(TextDecoder.normaliseLineEndings(Array(input.utf8)) == Array(expected.utf8))
    }

    // MARK: mojibake

    @Test("double-encoded text is found wherever it sits", arguments: [
        ("cafÃ©", true), ("Ã©", true), ("Ã©tude", true), ("xyz Â\u{80}", true), ("café", false), ("Ã", false), ("Ãx", false),
        ("abc", false), ("", false), ("Ãƒ", false), ("ÃÃ©", true), (String(repeating: "plain ", count: 5) + "Ã©", true),
    ])
    func mojibake(_ text: String, _ expected: Bool) {
        var copy = text
        #expect(copy.withUTF8(MojibakeCheck.isSuspect) == expected)
    }

    @Test("the first suspect unit is reported")
    func mojibakeUnit() {
        let units = ["fine", "also fine", "cafÃ©", "Ã©"].map { Utterance(speaker: nil, text: $0) }
        #expect(MojibakeCheck.firstSuspectUnit(units) == 2)
        #expect(MojibakeCheck.firstSuspectUnit(Array(units.prefix(2))) == nil)
    }

    // MARK: timecodes

    @Test("clock timestamps", arguments: [
        ("01:02:03.5", 3723.5), ("0:0:0.570", 0.57), ("12:34", 754.0), ("00:00:01,500", 1.5), ("123:45", 7425.0), ("1:5", 65.0),
        ("1:60", nil), ("5", nil), ("12345:00", nil), ("01:02x", nil), ("1:02:03:04", nil), ("", nil),
    ] as [(String, Double?)])
    func clock(_ text: String, _ expected: Double?) {
        #expect(Timecode.clock(Array(text.utf8)[...]) == expected)
    }
}
