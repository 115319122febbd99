import CmocModel
import Testing

@testable import CmocIngest

/// WebVTT and SRT rows: captions text -> expected units.
struct CaptionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    var input: String
    var expected: [Unit]
    var testDescription: String { name }
}

let captionCases: [CaptionCase] = [
    .init(name: "WebVTT voice spans with and without classes, other tags stripped", file: "d.vtt", input: """
        WEBVTT Kind: captions

        NOTE participant: female, 40s
        dialect: north

        STYLE
        ::cue { color: lime }

        REGION
        id:left

        1
        00:00:01.000 --> 00:00:02.500 align:start
        <v Dr. Lee>We <i>refer</i> on Mondays.</v>

        00:02.500 --> 00:04.000
        <v.loud.fast Sam>It &amp; the <c.yellow>group</c> helped<00:00:03.500> a lot
        """, expected: [Unit("Dr. Lee", "We refer on Mondays.", 1), Unit("Sam", "It & the group helped a lot", 2.5)]),
    .init(name: "WebVTT class-only voices give the class; empty spans are units", file: "d.vtt", input: """
        WEBVTT

        00:00:00.000 --> 00:00:05.000
        <v.speaker1>w1</v>

        00:00:00.000 --> 00:00:05.000
        <v.speaker2></v>
        """, expected: [Unit("speaker1", "w1", 0), Unit("speaker2", "", 0)]),
    .init(name: "WebVTT two voices in one cue, Teams non-padded times", file: "d.vtt", input: """
        WEBVTT

        0:0:1.5 --> 0:0:3.0
        <v Ann>Yes.</v> <v Bo>No.</v>
        """, expected: [Unit("Ann", "Yes.", 1.5), Unit("Bo", "No.", 1.5)]),
    .init(name: "Zoom cloud recording: Name: text payloads", file: "d.vtt", input: """
        WEBVTT

        1
        00:00:01.000 --> 00:00:02.000
        Jo Bloggs: Hello everyone.

        2
        00:00:02.000 --> 00:00:03.000
        Sam Roe (Host): Welcome: let's start.

        3
        00:00:03.000 --> 00:00:04.000
        Jo Bloggs: Thanks.
        """, expected: [
            Unit("Jo Bloggs", "Hello everyone.", 1), Unit("Sam Roe (Host)", "Welcome: let's start.", 2),
            Unit("Jo Bloggs", "Thanks.", 3),
        ]),
    .init(name: "WebVTT without voices: no speakers, text kept", file: "d.vtt", input: """
        WEBVTT

        00:00:01.000 --> 00:00:02.000
        For example: a walking group.
        """, expected: [Unit(nil, "For example: a walking group.", 1)]),
    .init(name: "SRT without speakers", file: "d.srt", input: """
        1
        00:00:06,500 --> 00:00:09,000
        About 2 months ago I found myself on
        the comment section

        2
        00:00:11,000 --> 00:00:17,000
        and one of the responses I got was:
        """, expected: [
            Unit(nil, "About 2 months ago I found myself on the comment section", 6.5),
            Unit(nil, "and one of the responses I got was:", 11),
        ]),
    .init(name: "SRT dialogue dashes split a cue into unnamed speakers", file: "d.srt", input: """
        0
        00:00:01,000 --> 00:00:02,000
        - Are you coming?
        - <i>Yes.</i>
        """, expected: [Unit(nil, "Are you coming?", 1), Unit(nil, "Yes.", 1)]),
    .init(name: "SRT NAME: and [NAME] prefixes", file: "d.srt", input: """
        1
        00:00:01,000 --> 00:00:02,000
        MARY: Where is it?

        2
        00:00:02,000 --> 00:00:03,000
        [JOHN] Over there.

        3
        00:00:03,000 --> 00:00:04,000
        [music]
        """, expected: [Unit("MARY", "Where is it?", 1), Unit("JOHN", "Over there.", 2), Unit(nil, "[music]", 3)]),
]

@Suite("WebVTT and SRT")
struct CaptionTests {
    @Test("cues", arguments: captionCases)
    func cues(_ row: CaptionCase) throws {
        let document = try TestSupport.read(row.input, as: row.file)
        #expect(document.format == (row.file.hasSuffix(".vtt") ? "webvtt" : "srt"))
        #expect(document.utterances.map(Unit.init) == row.expected)
    }

    @Test("cue end times are kept")
    func endTimes() throws {
        let document = try TestSupport.read("WEBVTT\n\n00:01.000 --> 01:02:03.250\n<v A>x\n", as: "d.vtt")
        #expect(document.utterances.first?.end == 3723.25)
    }
}
