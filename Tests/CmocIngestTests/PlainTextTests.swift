import CmocModel
import Testing
import Foundation

@testable import CmocIngest

/// Plain-text layouts as rows: input text -> expected units (speaker as written, text, start).
struct PlainTextCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    var expected: [Unit]
    var testDescription: String { name }
}

extension Unit: @unchecked Sendable {}

let plainTextCases: [PlainTextCase] = [
    // Verdicts are remembered per label and kind: `laughs:` recurs and is accepted, `[laughs]` is an
    // editorial mark all the same and continues the turn.
    .init(name: "one label as a colon label and as a bracketed mark", input: """
        Interviewer: So.
        laughs: we did.
        [laughs] And then.
        Interviewer: Right.
        """, expected: [
            Unit("Interviewer", "So."), Unit("laughs", "we did. [laughs] And then."), Unit("Interviewer", "Right."),
        ]),
    .init(name: "Name: labels with continuation lines", input: """
        Interviewer: How did the referral go?
        Patient: It was fine.
        I went twice.

        And then a third time.
        Interviewer: Thanks.
        """, expected: [
            Unit("Interviewer", "How did the referral go?"),
            Unit("Patient", "It was fine. I went twice. And then a third time."),
            Unit("Interviewer", "Thanks."),
        ]),
    .init(name: "NAME: in capitals and two spaces after the colon", input: """
        INT:  So tell me about it.
        RESP:  Well.
        INT:  Go on.
        """, expected: [Unit("INT", "So tell me about it."), Unit("RESP", "Well."), Unit("INT", "Go on.")]),
    .init(name: "space before the colon (Name :)", input: """
        Interviewer1 : Bonjour.
        P01 : Oui.
        Interviewer1 : Merci.
        """, expected: [Unit("Interviewer1", "Bonjour."), Unit("P01", "Oui."), Unit("Interviewer1", "Merci.")]),
    .init(name: "[Name] labels", input: """
        [Link Worker] We meet on Tuesdays.
        [GP] I refer a lot.
        [Link Worker] That helps.
        """, expected: [Unit("Link Worker", "We meet on Tuesdays."), Unit("GP", "I refer a lot."), Unit("Link Worker", "That helps.")]),
    .init(name: "#Name: and @Name: sigils", input: """
        #Anna: first
        @Ben: second
        #Anna: third
        @Ben: fourth
        """, expected: [Unit("Anna", "first"), Unit("Ben", "second"), Unit("Anna", "third"), Unit("Ben", "fourth")]),
    .init(name: "Otter: label and offset on their own line, text below", input: """
        Speaker 1  0:03
        Hello and welcome.

        Unknown Speaker  1:02:05
        Thanks.

        Transcribed by https://otter.ai
        """, expected: [
            Unit("Speaker 1", "Hello and welcome.", 3), Unit("Unknown Speaker", "Thanks.", 3725),
            Unit(nil, "Transcribed by https://otter.ai"),
        ]),
    .init(name: "Zoom meeting transcript: [Name] hh:mm:ss line", input: """
        [Jo Bloggs] 11:02:09
        How you doing?

        [Sam Roe] 11:02:11
        Fine.
        """, expected: [Unit("Jo Bloggs", "How you doing?", 39729), Unit("Sam Roe", "Fine.", 39731)]),
    .init(name: "TranscribeMe S1 hh:mm:ss.mmm text", input: """

        S1 00:00:01.717 The quick

        S2 00:00:04.395 Brown fox

        S1 00:00:08.692 Over
        """, expected: [Unit("S1", "The quick", 1.717), Unit("S2", "Brown fox", 4.395), Unit("S1", "Over", 8.692)]),
    .init(name: "timestamps before labels, bracketed, parenthesised or bare", input: """
        [00:01:23] Interviewer: One.
        (00:01:30) Participant: Two.
        00:01:35 Interviewer: Three.
        0:03 Participant: Four.
        """, expected: [
            Unit("Interviewer", "One.", 83), Unit("Participant", "Two.", 90), Unit("Interviewer", "Three.", 95),
            Unit("Participant", "Four.", 3),
        ]),
    .init(name: "timestamps after labels (Rev style and inside the text)", input: """
        Speaker 1 (00:00): Hi there.
        Speaker 2 (00:05): Hello.
        Speaker 1: [00:00:09] Again.
        """, expected: [Unit("Speaker 1", "Hi there.", 0), Unit("Speaker 2", "Hello.", 5), Unit("Speaker 1", "Again.", 9)]),
    .init(name: "no speakers: paragraphs kept, no labels invented", input: """
        The practice has a link worker.
        She sees patients on Mondays.

        Referrals rose in the spring.
        """, expected: [
            Unit(nil, "The practice has a link worker. She sees patients on Mondays."),
            Unit(nil, "Referrals rose in the spring."),
        ]),
    .init(name: "podcast style: leading timestamps without speakers", input: """
        00:00:10 Welcome to the show.
        00:00:15 Today we talk about prescribing.
        """, expected: [Unit(nil, "Welcome to the show.", 10), Unit(nil, "Today we talk about prescribing.", 15)]),
    .init(name: "a clock time is not a label", input: """
        Interviewer: When do you start?
        Nurse: At
        17:30 usually, and 09:00 on Fridays.
        Interviewer: Right.
        """, expected: [
            Unit("Interviewer", "When do you start?"), Unit("Nurse", "At 17:30 usually, and 09:00 on Fridays."),
            Unit("Interviewer", "Right."),
        ]),
    .init(name: "prose with a colon is not a label (For example:, Note:, URL)", input: """
        Interviewer: Tell me about the groups.
        Participant: There are many.
        For example: walking, knitting.
        Note: this was said quietly.
        See https://example.org/groups for the list.
        Interviewer: Thanks.
        """, expected: [
            Unit("Interviewer", "Tell me about the groups."),
            Unit("Participant", "There are many. For example: walking, knitting. Note: this was said quietly. See https://example.org/groups for the list."),
            Unit("Interviewer", "Thanks."),
        ]),
    .init(name: "header lines before the first turn stay unattributed", input: """
        Interview ID: LW-07
        Date: 12 May 2024

        Interviewer: Shall we start?
        LW07: Yes.
        Interviewer: Good.
        LW07: Fine.
        """, expected: [
            Unit(nil, "Interview ID: LW-07 Date: 12 May 2024"), Unit("Interviewer", "Shall we start?"), Unit("LW07", "Yes."),
            Unit("Interviewer", "Good."), Unit("LW07", "Fine."),
        ]),
    .init(name: "cover sheet in capitals closed by a separator: no turns, kept unattributed", input: """
        PROJECT: Link workers in primary care
        INTERVIEW ID: S9-INT-02
        DATE: 3 June 2025
        INTERVIEWER: RES-3
        DURATION: 41 minutes
        ----------------------------

        Interviewer: Shall we start?
        LW: Yes.
        Interviewer: Good.
        """, expected: [
            Unit(nil, "PROJECT: Link workers in primary care INTERVIEW ID: S9-INT-02 DATE: 3 June 2025 INTERVIEWER: RES-3 DURATION: 41 minutes ----------------------------"),
            Unit("Interviewer", "Shall we start?"), Unit("LW", "Yes."), Unit("Interviewer", "Good."),
        ]),
    .init(name: "field-note cover lines (Observer: RES-2) are not speakers", input: """
        FIELD NOTES - site S9
        Observer: RES-2
        Date of visit: 4 June 2025, 12.30-14.00

        The room is small. Eleven people present.
        """, expected: [
            Unit(nil, "FIELD NOTES - site S9 Observer: RES-2 Date of visit: 4 June 2025, 12.30-14.00"),
            Unit(nil, "The room is small. Eleven people present."),
        ]),
    .init(name: "a one-line cover sheet before the dialogue", input: """
        Researcher: RES-2. Tuesday 6 May 2025.

        Interviewer: Ready?
        Nurse: Yes.
        Interviewer: Go on.
        """, expected: [
            Unit(nil, "Researcher: RES-2. Tuesday 6 May 2025."), Unit("Interviewer", "Ready?"), Unit("Nurse", "Yes."),
            Unit("Interviewer", "Go on."),
        ]),
    .init(name: "a first paragraph of dialogue with a code is not a cover sheet (its labels recur)", input: """
        Interviewer: Please say your study code.
        Participant: P07.

        Interviewer: Thanks.
        Participant: Ok.
        """, expected: [
            Unit("Interviewer", "Please say your study code."), Unit("Participant", "P07."), Unit("Interviewer", "Thanks."),
            Unit("Participant", "Ok."),
        ]),
    .init(name: "bracketed editorial marks alone on a line are not labels", input: """
        Interviewer: Ready?
        P: Yes.
        [PAUSE]
        Go on.
        [INAUDIBLE]
        [break in recording]
        Interviewer: Thanks.
        P: Bye.

        [END OF TRANSCRIPT]
        """, expected: [
            Unit("Interviewer", "Ready?"), Unit("P", "Yes. [PAUSE] Go on. [INAUDIBLE] [break in recording]"),
            Unit("Interviewer", "Thanks."), Unit("P", "Bye. [END OF TRANSCRIPT]"),
        ]),
    .init(name: "a label never spans a sentence break (Fine. Overall:), titles and initials may (Dr. , J. )", input: """
        Interviewer: How was it?
        Dr. Abernethy: Busy.
        Fine. Overall: a good week.
        J. Smith: I agree.
        Interviewer: Thanks.
        """, expected: [
            Unit("Interviewer", "How was it?"), Unit("Dr. Abernethy", "Busy. Fine. Overall: a good week."),
            Unit("J. Smith", "I agree."), Unit("Interviewer", "Thanks."),
        ]),
    .init(name: "clock-time field notes: a one-off label after a time is note text", input: """
        Observation notes, site S9

        08:40  Arrive. The nurse meets me.
        09:10  Nurse: a quick chat about referrals.
        10:15  Coffee in the kitchen.
        16:10  Leave. Overall: a good day.
        """, expected: [
            Unit(nil, "Observation notes, site S9"), Unit(nil, "Arrive. The nurse meets me.", 520),
            Unit(nil, "Nurse: a quick chat about referrals.", 550), Unit(nil, "Coffee in the kitchen.", 615),
            Unit(nil, "Leave. Overall: a good day.", 970),
        ]),
    .init(name: "a one-off label after the turns start is accepted when label-shaped", input: """
        Interviewer: Who else was there?
        GP: The nurse.
        Practice Nurse: I was.
        Interviewer: Thanks.
        GP: Yes.
        """, expected: [
            Unit("Interviewer", "Who else was there?"), Unit("GP", "The nurse."), Unit("Practice Nurse", "I was."),
            Unit("Interviewer", "Thanks."), Unit("GP", "Yes."),
        ]),
    .init(name: "a one-off capitalised word with a colon is prose", input: """
        Interviewer: Would you refer again?
        GP: Yes.
        Absolutely: without a doubt.
        Interviewer: Thanks.
        GP: Ok.
        """, expected: [
            Unit("Interviewer", "Would you refer again?"), Unit("GP", "Yes. Absolutely: without a doubt."),
            Unit("Interviewer", "Thanks."), Unit("GP", "Ok."),
        ]),
    .init(name: "editorial brackets are not labels", input: """
        Interviewer: Did it help?
        Patient: [laughs] Yes.
        [inaudible] really did.
        Interviewer: Good.
        """, expected: [
            Unit("Interviewer", "Did it help?"), Unit("Patient", "[laughs] Yes. [inaudible] really did."),
            Unit("Interviewer", "Good."),
        ]),
    .init(name: "a prose sentence ending in a colon stays text", input: """
        Interviewer: What did she say?
        Participant: And then she told me:
        you should come along.
        Interviewer: Ok.
        """, expected: [
            Unit("Interviewer", "What did she say?"), Unit("Participant", "And then she told me: you should come along."),
            Unit("Interviewer", "Ok."),
        ]),
    .init(name: "label on its own line, text below", input: """
        INTERVIEWER:
        How long have you worked here?

        RESPONDENT:
        Five years.
        """, expected: [Unit("INTERVIEWER", "How long have you worked here?"), Unit("RESPONDENT", "Five years.")]),
    .init(name: "labels indented by a space and code labels", input: """
         mop03-2b:  there were no interviews
         caught up to date <yeah>
        Interviewer:  right -
        mop03-2b:  yeah
        """, expected: [
            Unit("mop03-2b", "there were no interviews caught up to date <yeah>"), Unit("Interviewer", "right -"),
            Unit("mop03-2b", "yeah"),
        ]),
]

@Suite("Plain-text transcripts")
struct PlainTextTests {
    @Test("layouts", arguments: plainTextCases)
    func layouts(_ row: PlainTextCase) throws {
        let document = try TestSupport.read(row.input)
        #expect(document.format == "plaintext")
        #expect(document.utterances.map(Unit.init) == row.expected)
    }

    /// Labels are numbered by comparing with each while there are at most eight, then through a
    /// dictionary: with ten one-word labels (accepted only because they recur) every second use must
    /// still count with the first.
    @Test("more than eight recurring labels are all counted", arguments: [2, 8, 9, 10])
    func manyLabels(_ n: Int) throws {
        let names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett"].prefix(n)
        let text = (names.map { "\($0): first" } + names.map { "\($0): second" }).joined(separator: "\n")
        let document = try TestSupport.read(text)
        #expect(document.utterances.map(Unit.init) == names.map { Unit($0, "first") } + names.map { Unit($0, "second") })
    }

    @Test("custom label pattern and alias table")
    func customPatternAndAliases() throws {
        var options = IngestOptions()
        options.labelPattern = #"^(?<speaker>[A-Z][a-z]*[0-9]?)> (?<time>\d+:\d\d )?"#
        options.speakerAliases = ["Int1": "Interviewer", "I1": "Interviewer"]
        let document = try TestSupport.read("""
            Int1> 0:05 Hello there.
            Resp> Hi: how are you.
            I1> Fine.
            Note: not a label here either.
            """, options: options)
        #expect(document.utterances.map(Unit.init) == [
            Unit("Interviewer", "Hello there.", 5), Unit("Resp", "Hi: how are you."),
            Unit("Interviewer", "Fine. Note: not a label here either."),
        ])
        #expect(document.mergedTurns.count == 3)
    }

    @Test("a label pattern without a speaker group is a clear error")
    func badPattern() {
        var options = IngestOptions()
        options.labelPattern = "^([A-Z]+):"
        let diagnostic = TestSupport.failure("A: x", as: "doc-3.txt", options: options)
        #expect(diagnostic?.message.contains("named group 'speaker'") == true)
        #expect(diagnostic?.location?.file == "doc-3.txt")
        options.labelPattern = "^(?<speaker>[A-Z"
        #expect(TestSupport.failure("A: x", as: "doc-3.txt", options: options)?.message.contains("does not compile") == true)
    }
}

/// The fields the line classifier fills in, row by row: the candidate label, the text after it,
/// the leading time and the text after that time (what the assembler uses when a label is rejected).
@Suite("Line classifier fields")
struct LineClassifierFieldTests {
    @Test("fields per line", arguments: [
        ("", nil, "", nil, ""), ("   ", nil, "", nil, ""), ("plain words", nil, "plain words", nil, ""),
        ("  Nurse: hello  ", "Nurse", "hello", nil, ""), ("[00:01:02] Nurse: hello", "Nurse", "hello", 62, "Nurse: hello"),
        ("[00:01:02]", nil, "", 62, ""), ("08:40  Arrive. Coffee.", nil, "Arrive. Coffee.", 520, "Arrive. Coffee."),
        ("[Zoe] yes", "Zoe", "yes", nil, ""), ("#Tom: hi", "Tom", "hi", nil, ""), ("S1 00:00:01.5 text", "S1", "text", nil, ""),
    ] as [(String, String?, String, Double?, String)])
    func fields(_ input: String, _ label: String?, _ rest: String, _ leading: Double?, _ afterTime: String) {
        let line = LineClassifier.classify(Array(input.utf8)[...])
        #expect(line.candidate?.label == label)
        #expect(String(decoding: line.rest, as: UTF8.self) == rest)
        #expect(line.leadingTime == leading)
        #expect(String(decoding: line.afterTime, as: UTF8.self) == afterTime)
        #expect(String(decoding: line.whole, as: UTF8.self) == input.trimmingCharacters(in: .whitespaces))
    }
}

/// Separator lines that close a cover sheet, as rows.
@Suite("Cover-sheet separators")
struct CoverSheetSeparatorTests {
    @Test("separator lines", arguments: [
        ("-----", true), ("===", true), ("* * *", true), ("  ___  ", true), ("~~~~", true), ("###", true), ("--", false),
        ("-=-=-", false), ("", false), ("   ", false), ("Interviewer: ---", false), ("--- end ---", false), ("+++", false),
        ("a---", false), ("\t- - -", true),
    ])
    func separator(_ line: String, _ expected: Bool) {
        #expect(CoverSheet.isSeparator(Array(line.utf8)[...]) == expected)
    }
}
