import Testing

@testable import CmocIngest

/// Character references in caption payloads: decoded once, left to right, as a browser reads them.
@Suite struct EntityTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var testDescription: String { input }
    }

    static let rows = [
        Row(input: "no references", expected: "no references"),
        Row(input: "fish &amp; chips", expected: "fish & chips"),
        Row(input: "&lt;v Ann&gt;", expected: "<v Ann>"),
        Row(input: "&amp;lt; stays a reference", expected: "&lt; stays a reference"),
        Row(input: "&amp;amp;", expected: "&amp;"),
        Row(input: "say &quot;hi&quot; &apos;there&apos;", expected: "say \"hi\" 'there'"),
        Row(input: "a&nbsp;b", expected: "a\u{A0}b"),
        Row(input: "&lrm;x&rlm;", expected: "\u{200E}x\u{200F}"),
        Row(input: "café &unknown; & alone &", expected: "café &unknown; & alone &"),
        Row(input: "&lt", expected: "&lt"),
    ]

    @Test(arguments: rows) func decodes(_ row: Row) {
        #expect(ByteText.decodeEntities(row.input) == row.expected)
    }
}
