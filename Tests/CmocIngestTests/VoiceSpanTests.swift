import CmocModel
import Testing

@testable import CmocIngest

/// WebVTT payload splitting (voice spans, other tags, stray `<`) and whole-file rows through
/// `Ingest.read` for the line ends, byte-order marks, encodings, cue settings and entities the
/// caption path handles.
@Suite("WebVTT voice spans")
struct VoiceSpanTests {
    typealias Segment = WebVTTReader.Segment

    static func voiced(_ speaker: String?, _ text: String) -> Segment { Segment(speaker: speaker, text: text, voiced: true) }
    static func plain(_ text: String) -> Segment { Segment(speaker: nil, text: text, voiced: false) }

    @Test("payloads split at voice spans", arguments: [
        ("<v Alice>Hello  there</v>", [voiced("Alice", "Hello there")]),
        ("<v.loud Bob>hi", [voiced("Bob", "hi")]),
        ("<v.speaker1>hi", [voiced("speaker1", "hi")]),
        ("<v>bare", [voiced(nil, "bare")]),
        ("before <v A>one</v> after", [plain("before"), voiced("A", "one"), plain("after")]),
        ("<v A>one<v B>two", [voiced("A", "one"), voiced("B", "two")]),
        ("<v A></v>", [voiced("A", "")]),
        ("a <i>b</i>c", [plain("a bc")]),
        ("a < b", [plain("a < b")]),
        ("<b>a<c", [plain("a<c")]),
        ("x<y <i>z</i>", [plain("xz")]),
        ("<00:00:01.000>word <c.x>w2</c>", [plain("word w2")]),
        ("<v A>line one\nline two</v>", [voiced("A", "line one line two")]),
        ("<vx>text", [plain("text")]),
        ("<v A &amp; B>Tom &amp; Jerry", [voiced("A & B", "Tom &amp; Jerry")]),
        ("<v\tTab Name>x", [voiced("Tab Name", "x")]),
        ("   \n  ", []),
        ("<v Zoë>naïve\u{A0}text", [voiced("Zoë", "naïve text")]),
    ] as [(String, [Segment])])
    func segments(_ payload: String, _ expected: [Segment]) {
        var scratch: [Range<Int>] = []
        #expect(WebVTTReader.segments(Array(payload.utf8)[...], scratch: &scratch) == expected)
    }

    static let cueFile = "WEBVTT\n\nNOTE a comment\n\n1\n00:00:01.000 --> 00:00:02.500 align:start position:10%\n"
        + "<v Dr. Lee>We &lt;refer&gt; on Mondays.</v>\n\n00:02.500 --> 00:04.000\n<v Sam>It’s fine\nsecond line\n\n"
        + "00:00:04.000 --> 00:00:05.000\n\n00:00:05.000 --> 00:00:06.000\n<v Sam>\n"
    static let cueUnits = [
        Utterance(speaker: "Dr. Lee", text: "We <refer> on Mondays.", start: 1, end: 2.5),
        Utterance(speaker: "Sam", text: "It’s fine second line", start: 2.5, end: 4),
        Utterance(speaker: "Sam", text: "", start: 5, end: 6),
    ]

    static func utf16LE(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    static func utf16BE(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }

    @Test("the same cues whatever the line ends, byte-order mark or encoding", arguments: [
        ("LF", Array(cueFile.utf8), "utf-8"),
        ("CRLF", Array(cueFile.replacingLineFeeds(with: "\r\n").utf8), "utf-8"),
        ("CR", Array(cueFile.replacingLineFeeds(with: "\r").utf8), "utf-8"),
        ("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array(cueFile.utf8), "utf-8+bom"),
        ("UTF-16 LE", [0xFF, 0xFE] + utf16LE(cueFile), "utf-16le"),
        ("UTF-16 BE", [0xFE, 0xFF] + utf16BE(cueFile), "utf-16be"),
        ("Windows-1252", Array(cueFile.utf8).replacingApostrophe(with: [0x92]), "windows-1252"),
    ] as [(String, [UInt8], String)])
    func wholeFile(_ name: String, _ bytes: [UInt8], _ encoding: String) throws {
        let document = try TestSupport.read(bytes: bytes, as: "d.vtt")
        #expect(document.encoding == encoding, "\(name)")
        #expect(document.utterances == Self.cueUnits, "\(name)")
    }
}

extension String {
    func replacingLineFeeds(with end: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: end)
    }
}

extension Array where Element == UInt8 {
    /// `’` (E2 80 99 in UTF-8) replaced by other bytes.
    func replacingApostrophe(with bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < count {
            if i + 2 < count, self[i] == 0xE2, self[i + 1] == 0x80, self[i + 2] == 0x99 {
                out += bytes
                i += 3
            } else {
                out.append(self[i])
                i += 1
            }
        }
        return out
    }
}
