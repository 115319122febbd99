import CmocModel
import CmocTestSupport
import Testing

@testable import CmocEvidence

/// `Excerpt.Cut.write` (split at the highlight, plain words copied eight bytes at a time) writes
/// what `writeByteByByte`, the byte loop it replaced, writes: the same bytes and highlight, and
/// whether a copied byte is not ASCII.
@Suite struct ExcerptWriteTests {
    typealias Row = ExcerptBytesTests.Row

    static let rows: [Row] = [
        Row(name: "hit inside a sentence", text: "First. Second has the hit here. Third.", span: (22, 25), limit: 300),
        Row(name: "whitespace runs around the hit", text: "A  hit\t\there\r\n now", span: (3, 6), limit: 300),
        Row(name: "hit starts after spaces", text: "Some words   hit   then more words follow here.", span: (13, 16), limit: 300),
        Row(name: "hit spans spaces", text: "one two   three four five six seven", span: (4, 15), limit: 300),
        Row(name: "long words", text: "Extraordinarily uncharacteristically, the hit. Wonderful", span: (42, 45), limit: 300),
        Row(name: "trimmed with ellipses", text: String(repeating: "word ", count: 100) + "hit " + String(repeating: "more ", count: 100), span: (500, 503), limit: 40),
        Row(name: "hit at the start", text: "hit is first and then more. Then.", span: (0, 3), limit: 300),
        Row(name: "hit at the end", text: "The last word of this is hit", span: (25, 28), limit: 300),
        Row(name: "empty span", text: "Nothing to see. Here.", span: (16, 16), limit: 300),
        Row(name: "span past the end", text: "Short sentence here.", span: (3, 40), limit: 300),
        Row(name: "non-ASCII words", text: "Café groups — they’re brilliant, the hit is here.", span: (38, 41), limit: 300),
        Row(name: "long hit cut at the limit", text: "αβγδεζηθ ικλμ νξοπ", span: (0, 30), limit: 7),
        Row(name: "only spaces", text: "   \t        ", span: (1, 3), limit: 300),
    ]

    static func same(_ text: [UInt8], _ span: ByteSpan, _ limit: Int) -> (same: Bool, written: Int) {
        text.withUnsafeBufferPointer { text in
            let cut = Excerpt.Cut(text: text, hit: span, limit: limit)
            var fast = [UInt8](repeating: 0, count: cut.capacity)
            var plain = fast
            let a = fast.withUnsafeMutableBufferPointer { cut.write(text, into: $0) }
            let b = plain.withUnsafeMutableBufferPointer { cut.writeByteByByte(text, into: $0) }
            let same = a.count == b.count && a.highlight == b.highlight && (a.copied >= 0x80) == (b.copied >= 0x80)
                && fast.prefix(a.count) == plain.prefix(b.count)
            return (same, b.count)
        }
    }

    @Test(arguments: rows) func fastWriteMatchesTheByteLoop(_ row: Row) {
        let result = Self.same(Array(row.text.utf8), ByteSpan(row.span.0, row.span.1), row.limit)
        #expect(result.same)
        #expect(result.written > 0 || row.name == "only spaces")
    }

    /// Generated texts of words, spaces, tabs, line breaks, sentence ends and non-ASCII letters,
    /// with hits anywhere (empty, inside words, over the end) and limits short and long.
    @Test func generatedTextsMatchTheByteLoop() {
        let pieces = [
            "we", "refer", " ", "  ", "\t", "\n", ". ", "! ", "?", "é", "—", "link", "worker", "\r\n", "x",
            "practitioners", "a b c d", "\u{1}",
        ]
        var sequence = TestSequence(seed: 7)
        func next(_ bound: Int) -> Int { sequence.next(bound) }
        var differing = 0
        var written = 0
        for _ in 0..<4000 {
            let text = Array((0..<(1 + next(100))).map { _ in pieces[next(pieces.count)] }.joined().utf8)
            let start = next(text.count + 2) - 1
            let span = ByteSpan(start, start + next(40) - 3)
            let result = Self.same(text, span, [5, 20, 60, 300][next(4)])
            if !result.same { differing += 1 }
            if result.written > 8 { written += 1 }
        }
        #expect(differing == 0)
        #expect(written > 1500)
    }
}
