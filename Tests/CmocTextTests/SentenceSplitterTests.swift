import CmocTestSupport
import Testing
@testable import CmocText

/// `SentenceSplitter` (eight-byte skip over blocks with no terminator, line break or non-ASCII byte;
/// abbreviations compared as packed integers) against the earlier byte-by-byte version with a
/// String per full stop, kept here as the reference, on rows and on generated text.
@Suite struct SentenceSplitterTests {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "e.g", "i.e", "eg", "ie", "etc", "vs", "approx", "dept", "no",
        "cf", "fig",
    ]

    /// The earlier implementation.
    static func reference(_ bytes: [UInt8]) -> [Range<Int>] {
        let n = bytes.count
        var result: [Range<Int>] = []
        var start = 0
        var k = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func emit(_ end: Int) {
            var s = start
            var e = end
            while s < e, isSpace(bytes[s]) { s += 1 }
            while e > s, isSpace(bytes[e - 1]) { e -= 1 }
            if s < e { result.append(s..<e) }
        }
        func isAbbreviation(before dot: Int) -> Bool {
            var s = dot
            while s > start {
                let c = bytes[s - 1]
                let isWordByte = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x2E
                if !isWordByte { break }
                s -= 1
            }
            guard s < dot else { return false }
            return abbreviations.contains(String(decoding: bytes[s..<dot], as: UTF8.self).lowercased())
        }
        while k < n {
            let b = bytes[k]
            if b == 0x0A {
                emit(k)
                start = k + 1
                k += 1
                continue
            }
            var terminatorLength = 0
            if b == 0x2E || b == 0x21 || b == 0x3F {
                terminatorLength = 1
            } else if b == 0xE2, k + 2 < n, bytes[k + 1] == 0x80, bytes[k + 2] == 0xA6 {
                terminatorLength = 3
            }
            guard terminatorLength > 0 else {
                k += 1
                continue
            }
            var e = k + terminatorLength
            while e < n {
                let c = bytes[e]
                if c == 0x2E || c == 0x21 || c == 0x3F || c == 0x22 || c == 0x27 || c == 0x29 {
                    e += 1
                } else if c == 0xE2, e + 2 < n, bytes[e + 1] == 0x80, bytes[e + 2] == 0x99 || bytes[e + 2] == 0x9D || bytes[e + 2] == 0xA6 {
                    e += 3
                } else {
                    break
                }
            }
            if e >= n {
                emit(n)
                start = n
                k = n
                break
            }
            guard isSpace(bytes[e]) else {
                k = e
                continue
            }
            if b == 0x2E, e == k + 1, isAbbreviation(before: k) {
                k = e
                continue
            }
            var next = e
            while next < n, isSpace(bytes[next]) { next += 1 }
            if next < n, bytes[next] >= 0x61, bytes[next] <= 0x7A {
                k = e
                continue
            }
            emit(e)
            start = e
            k = e
        }
        if start < n { emit(n) }
        return result
    }

    @Test(arguments: [
        ("Ask Dr. Patel. Then go.", ["Ask Dr. Patel.", "Then go."]),
        ("Ask DR. Patel. Then go.", ["Ask DR. Patel.", "Then go."]),
        ("We use approx. Ten. Approximately. Next", ["We use approx. Ten.", "Approximately.", "Next"]),
        ("Use I.E. This. And E.G. That", ["Use I.E. This.", "And E.G. That"]),
        ("He said no. Then stop", ["He said no. Then stop"]),
        ("Fine.\nNext line?\u{201D} Yes", ["Fine.", "Next line?\u{201D}", "Yes"]),
        ("Café… Good. Ça va", ["Café…", "Good.", "Ça va"]),
    ])
    func rows(_ text: String, _ expected: [String]) {
        let bytes = Array(text.utf8)
        let got = SentenceSplitter.sentences(in: text).map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(got == expected)
        #expect(SentenceSplitter.sentences(in: text) == Self.reference(bytes))
    }

    @Test func agreesWithTheReferenceOnGeneratedText() {
        let pieces = [
            "we", "Dr", "dr.", "APPROX", "e.g.", "etc", "no", "Fig", "Mr", "approxx", ".", ". ", "! ", "?", "?!", "…", "\n",
            " ", "  ", "\"", "'", ")", "\u{2019}", "\u{201D}", "café", "Ça", "2.5", "The", "the", "x", "\t", "St.",
        ]
        var sequence = TestSequence(seed: 0x5EED)
        func next(_ n: Int) -> Int { sequence.next(n) }
        var differences = 0
        var sentences = 0
        for _ in 0..<5_000 {
            let text = (0..<next(40)).map { _ in pieces[next(pieces.count)] }.joined(separator: next(3) == 0 ? "" : " ")
            let bytes = Array(text.utf8)
            let fast = SentenceSplitter.sentences(in: text)
            if fast != Self.reference(bytes) { differences += 1 }
            var appended: [Range<Int>] = [0..<1]
            bytes.withUnsafeBufferPointer { SentenceSplitter.sentences(in: $0, into: &appended) }
            if Array(appended.dropFirst()) != fast { differences += 1 }
            sentences += fast.count
        }
        #expect(differences == 0)
        #expect(sentences > 10_000)
    }
}
