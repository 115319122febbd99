import CmocModel
import Testing

@testable import CmocSegment

@Suite struct SegmenterTests {
    let entry = ManifestEntry(file: "x.txt", id: "S1-INT-01", site: "S1", dataType: "interview")

    @Test func joinsConsecutiveUnitsBySameSpeakerAndKeepsTimes() {
        let doc = SourceDocument(
            id: "d", format: "plaintext",
            utterances: [
                Utterance(speaker: "RES-1", text: "How did it start?", start: 1, end: 2),
                Utterance(speaker: "LW-A1", text: "Slowly.", start: 2, end: 3),
                Utterance(speaker: "LW-A1", text: "Very slowly.", start: 3, end: 5.5),
                Utterance(speaker: nil, text: "[inaudible]"),
            ])
        let seg = Segmenter.segment(doc, entry: entry, roles: ["LW-A1": "link_worker", "RES-1": "researcher"])
        #expect(seg.turns.map(\.speaker) == ["RES-1", "LW-A1", nil])
        #expect(seg.turns.map(\.role) == ["researcher", "link_worker", nil])
        #expect(seg.turns.map(\.index) == [0, 1, 2])
        #expect(seg.turns[1].text == "Slowly. Very slowly.")
        #expect(seg.turns[1].start == 2 && seg.turns[1].end == 5.5)
        #expect(seg.text == "RES-1: How did it start?\nLW-A1: Slowly. Very slowly.\n(no speaker): [inaudible]\n")
        #expect(seg.turns.allSatisfy { $0.documentID == "S1-INT-01" && $0.site == "S1" })
    }

    /// Every turn's span must cut exactly its text out of the document text, also past
    /// multi-byte characters.
    @Test(arguments: [
        ["Café naïve — ok", "Zoë’s turn"],
        ["a\n  b\t c", "", "  d  "],
        ["😀 emoji first", "second"],
    ])
    func spansPointAtTurnTextInUTF8(_ texts: [String]) {
        let doc = SourceDocument(
            id: "d", format: "plaintext",
            utterances: texts.enumerated().map { Utterance(speaker: "P\($0.offset)", text: $0.element) })
        let seg = Segmenter.segment(doc, entry: entry, roles: [:])
        let bytes = Array(seg.text.utf8)
        #expect(seg.turns.count == texts.filter { !Segmenter.normalisedWhitespace($0).isEmpty }.count)
        for turn in seg.turns {
            let slice = String(decoding: bytes[turn.span.start..<turn.span.end], as: UTF8.self)
            #expect(slice == turn.text)
        }
    }

    @Test(arguments: [
        ("  a  b  ", "a b"),
        ("line one\nline two", "line one line two"),
        ("\r\n\t", ""),
        ("x", "x"),
        ("", ""),
        ("already one line, café ☕ ok", "already one line, café ☕ ok"),
        ("two  spaces", "two spaces"),
        ("tab\there", "tab here"),
        ("vertical\u{0B}tab and form\u{0C}feed", "vertical tab and form feed"),
        (" leading", "leading"),
        ("trailing ", "trailing"),
        ("no\u{A0}break stays", "no\u{A0}break stays"),
    ])
    func whitespaceIsNormalised(_ input: String, _ expected: String) {
        #expect(Segmenter.normalisedWhitespace(input) == expected)
    }
}
