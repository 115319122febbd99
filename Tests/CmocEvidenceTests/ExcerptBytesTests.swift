import CmocModel
import Testing

@testable import CmocEvidence

/// `Excerpt.append` (bytes for the row encoder) gives the bytes and highlight of `Excerpt.make`.
@Suite struct ExcerptBytesTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var span: (Int, Int)
        var limit: Int
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "one sentence", text: "First. Second has the hit here. Third.", span: (22, 25), limit: 300),
        Row(name: "whitespace collapsed", text: "A  hit\there\r\nnow", span: (3, 6), limit: 300),
        Row(name: "trimmed with ellipses", text: String(repeating: "word ", count: 100) + "hit " + String(repeating: "more ", count: 100), span: (500, 503), limit: 40),
        Row(name: "non-ASCII text", text: "Café groups — they’re brilliant, the hit is here.", span: (38, 41), limit: 300),
        Row(name: "cut inside a character is repaired", text: "ééééé hit", span: (1, 9), limit: 300),
        Row(name: "long hit cut at the limit", text: "αβγδεζηθ ικλμ νξοπ", span: (0, 30), limit: 7),
        Row(name: "empty span", text: "Nothing. Here.", span: (9, 9), limit: 300),
        Row(name: "span past the end", text: "Short.", span: (3, 40), limit: 300),
    ]

    @Test(arguments: rows) func appendMatchesMake(_ row: Row) {
        let bytes = Array(row.text.utf8)
        let span = ByteSpan(row.span.0, row.span.1)
        let made = Excerpt.make(text: bytes, hit: span, limit: row.limit)
        var out: [UInt8] = [7, 7]  // appended after what is there
        let highlight = bytes.withUnsafeBufferPointer { Excerpt.append(text: $0, hit: span, limit: row.limit, to: &out) }
        #expect(Array(out.dropFirst(2)) == Array(made.text.utf8))
        #expect(out.prefix(2) == [7, 7])
        #expect(highlight == made.highlight)
    }
}
