import CmocModel
import CmocTestSupport
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

/// The word-at-a-time check that a turn needs no white-space normalising, against the byte-by-byte
/// definition: table rows around the eight-byte block edges, then generated text.
@Suite struct NormalisedCheckTests {
    /// The definition: no white space at the ends, none but single ASCII spaces inside.
    static func reference(_ bytes: [UInt8]) -> Bool {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        guard let first = bytes.first, let last = bytes.last else { return true }
        if isSpace(first) || isSpace(last) { return false }
        for (k, b) in bytes.enumerated() {
            if b >= 0x09 && b <= 0x0D { return false }
            if b == 0x20 && k > 0 && bytes[k - 1] == 0x20 { return false }
        }
        return true
    }

    static func check(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { Segmenter.isNormalised($0) }
    }

    @Test(arguments: [
        ("", true),
        ("one two three four five six", true),
        ("1234567  90", false),  // two spaces straddling the first block's end
        ("1234567 890 ab", true),
        ("123456  890 ab", false),  // two spaces inside a block
        ("12345678\t0123456", false),  // a tab in the second block
        ("12345678901234567890123 x", true),
        ("1234567890123456789012345  x", false),  // in the tail after the blocks
        ("caf\u{E9} na\u{EF}ve \u{2014} ok, fine and dandy", true),
        ("abc\u{0}defghijk lm", true),  // a NUL is not white space: the block falls back to the byte loop
        ("abcdefg\u{0E}hijklmn", true),
        ("abcdefg\u{0D}hijklmn", false),
        ("no\u{A0}break\u{A0}\u{A0}stays", true),
    ])
    func rows(_ text: String, _ expected: Bool) {
        #expect(Self.check(text) == expected, "\(Array(text.utf8))")
        #expect(Self.reference(Array(text.utf8)) == expected)
    }

    @Test func agreesWithTheByteLoopOnGeneratedText() {
        let alphabet: [UInt8] = [0x61, 0x61, 0x61, 0x62, 0x20, 0x20, 0x09, 0x0A, 0x0B, 0x0D, 0x00, 0x08, 0x0E, 0x21, 0xC3, 0xA9, 0x7F, 0xFF]
        var sequence = TestSequence(seed: 0x5EED)
        func next(_ n: Int) -> Int { sequence.next(n) }
        var disagreements: [[UInt8]] = []
        var normalised = 0
        for _ in 0..<20_000 {
            // Mostly letters and single spaces, so that long normalised runs occur too.
            let length = next(40)
            let rare = next(4) == 0
            let bytes = (0..<length).map { _ in rare ? alphabet[next(alphabet.count)] : (next(5) == 0 ? 0x20 : 0x61) }
            let fast = bytes.withUnsafeBufferPointer { Segmenter.isNormalised($0) }
            if fast != Self.reference(bytes) { disagreements.append(bytes) }
            if fast { normalised += 1 }
        }
        let first = disagreements.first.map { "\($0)" } ?? "none"
        #expect(disagreements.count == 0, "first: \(first)")
        #expect(normalised > 1_000 && normalised < 19_000)
    }
}

/// Merging runs of one speaker's utterances in place, against `SourceDocument.mergedTurns` (the
/// definition) on generated utterance lists.
@Test func runsMergeAsMergedTurnsDoes() {
    let speakers: [String?] = [nil, "RES-1", "LW-A1", "GP-A1"]
    let texts = ["", "  ", "Yes.", "I refer  people\nto her.", "We don't, not really.", "Café ☕ ok"]
    var sequence = TestSequence(seed: 0xFEED)
    func next(_ n: Int) -> Int { sequence.next(n) }
    let entry = ManifestEntry(file: "x.txt", id: "D1", site: "S1", dataType: "interview")
    var merged = 0
    for _ in 0..<500 {
        let utterances = (0..<next(10)).map { _ -> Utterance in
            let start = next(3) == 0 ? nil : Double(next(100))
            let end = next(3) == 0 ? nil : Double(next(100))
            return Utterance(speaker: speakers[next(speakers.count)], text: texts[next(texts.count)], start: start, end: end)
        }
        let document = SourceDocument(id: "D1", format: "plaintext", utterances: utterances)
        let expected = document.mergedTurns.filter { !Segmenter.normalisedWhitespace($0.text).isEmpty }
        let segmented = Segmenter.segment(document, entry: entry, roles: ["LW-A1": "link_worker"])
        #expect(segmented.turns.map(\.speaker) == expected.map(\.speaker))
        #expect(segmented.turns.map(\.text) == expected.map { Segmenter.normalisedWhitespace($0.text) })
        #expect(segmented.turns.map(\.start) == expected.map(\.start))
        #expect(segmented.turns.map(\.end) == expected.map(\.end))
        #expect(segmented.turns.map(\.role) == expected.map { $0.speaker == "LW-A1" ? "link_worker" : nil })
        let lines = expected.map { "\($0.speaker ?? Segmenter.unattributedLabel): \(Segmenter.normalisedWhitespace($0.text))\n" }
        #expect(segmented.text == lines.joined())
        merged += document.utterances.count - document.mergedTurns.count
    }
    // Runs of more than one utterance must have occurred, or the merging went untested.
    #expect(merged > 200)
}
