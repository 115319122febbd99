import CmocModel
import Testing

@testable import CmocEvidence

/// A hit `limit` bytes or longer that ends the turn's text is trimmed at the limit by stepping back
/// from the text's end: that position is read as the NUL after a String's bytes (what the cut read
/// from a String's storage before), never past the buffer, so an array of the bytes gives the same.
@Suite struct ExcerptEndTests {
    /// Rows: text, hit, limit, expected excerpt.
    static let rows: [(String, ByteSpan, Int, String)] = [
        ("a hit as long as the limit ending the text", ByteSpan(2, 42), 40, "… hit as long as the limit ending the …"),
        ("a hit longer than the limit ending the text", ByteSpan(2, 43), 30, "… hit longer than the limit …"),
        ("onewordwithnospaceatall", ByteSpan(0, 23), 23, "onewordwithnospaceatall"),
        ("x caféé", ByteSpan(2, 9), 7, "… caféé"),
    ]

    @Test func limitLongHitsAtTheEnd() {
        for (text, hit, limit, expected) in Self.rows {
            let fromArray = Excerpt.make(text: Array(text.utf8), hit: hit, limit: limit)
            #expect(fromArray.text == expected, "\(text)")
            var string = text
            let fromString = string.withUTF8 { Excerpt.make(text: $0, hit: hit, limit: limit) }
            #expect(fromString == fromArray, "\(text)")
        }
    }
}
