import CmocEvidence
import CmocModel
import Testing

/// Excerpts: the hit's sentence(s), trimmed at word boundaries, whitespace collapsed, hit located.
@Suite struct ExcerptTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var phrase: String
        var limit: Int = Excerpt.defaultLimit
        var excerpt: String
        var testDescription: String { name }
    }

    static let long =
        "Before that there was a long stretch of talk about rotas and rooms and parking and the new phone system "
        + "and who covers Fridays, and then she said the key point plainly, and after that the talk went on about "
        + "the weather and the car park and the coffee machine for a long while."

    static let rows: [Row] = [
        Row(
            name: "middle sentence", text: "First one. Second has the hit here. Third.", phrase: "the hit",
            excerpt: "Second has the hit here."),
        Row(name: "first sentence", text: "The hit is early. Then more.", phrase: "hit", excerpt: "The hit is early."),
        Row(name: "question and exclamation", text: "Why? Because hit! Yes.", phrase: "hit", excerpt: "Because hit!"),
        Row(name: "line break ends a sentence", text: "Line one\nLine two hit", phrase: "hit", excerpt: "Line two hit"),
        Row(name: "whitespace collapsed", text: "A  hit\there\r\nnow", phrase: "hit", excerpt: "A hit here"),
        Row(
            name: "no terminal punctuation", text: "just words with the hit in them", phrase: "hit",
            excerpt: "just words with the hit in them"),
        Row(
            name: "abbreviation-like dot without space", text: "See v1.2 hit now. Next.", phrase: "hit",
            excerpt: "See v1.2 hit now."),
        Row(
            name: "trimmed on both sides at spaces", text: long, phrase: "the key point", limit: 60,
            excerpt: "… and then she said the key point plainly, and after that …"),
        Row(
            name: "hit longer than the limit", text: "aaa bbbbbbbbbb cccccccccc ddd.", phrase: "bbbbbbbbbb cccccccccc",
            limit: 12, excerpt: "… bbbbbbbbbb …"),
        Row(
            name: "non-ASCII text", text: "Le café était fermé. Elle a dit “merci” au médecin.", phrase: "“merci”",
            excerpt: "Elle a dit “merci” au médecin."),
    ]

    @Test(arguments: rows) func excerpt(_ row: Row) throws {
        let bytes = Array(row.text.utf8)
        let range = try #require(row.text.range(of: row.phrase))
        let start = row.text.utf8.distance(from: row.text.startIndex, to: range.lowerBound)
        let result = Excerpt.make(text: bytes, hit: ByteSpan(start, start + row.phrase.utf8.count), limit: row.limit)
        #expect(result.text == row.excerpt)
        let out = Array(result.text.utf8)
        let marked = String(decoding: out[result.highlight.start..<result.highlight.end], as: UTF8.self)
        let expectedMark = row.phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if row.phrase.utf8.count <= row.limit {
            #expect(marked == expectedMark)
        } else {
            #expect(expectedMark.hasPrefix(marked) && !marked.isEmpty)
        }
    }

    @Test func trimmedExcerptsStayNearTheLimit() {
        let bytes = Array(Self.long.utf8)
        for start in stride(from: 0, to: bytes.count - 5, by: 7) {
            let result = Excerpt.make(text: bytes, hit: ByteSpan(start, start + 3), limit: 80)
            // The limit plus an ellipsis and a space on each side.
            #expect(result.text.utf8.count <= 80 + 2 * 4)
            #expect(result.highlight.start <= result.highlight.end && result.highlight.end <= result.text.utf8.count)
        }
    }

    @Test func spansOutsideTheTextAreClamped() {
        let bytes = Array("Short text.".utf8)
        #expect(Excerpt.make(text: bytes, hit: ByteSpan(5, 500)).text == "Short text.")
        #expect(Excerpt.make(text: bytes, hit: ByteSpan(-3, 2)).text == "Short text.")
        #expect(Excerpt.make(text: [], hit: ByteSpan(0, 4)).text == "")
    }
}
