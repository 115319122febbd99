import CmocModel
import Testing

@testable import CmocIngest

/// Format detection rows (content first, extension only as a tie-breaker) and the reader registry.
@Suite("Format detection and registry")
struct DetectionTests {
    static let rows: [(String, String, TranscriptFormat?)] = [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "d.txt", .webvtt),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", "d.txt", .srt),
        ("1\n00:00:01.000 --> 00:00:02.000\nhi\n", "d.txt", .webvtt),
        ("1\n00:00:01.000 --> 00:00:02.000\nhi\n", "d.srt", .srt),
        ("@UTF8\n@Begin\n*CHI:\thi .\n@End\n", "d.txt", .chat),
        ("*MOT:\thello .\n", "d.txt", .chat),
        ("Interviewer: hello\n", "d.vtt", .webvtt),
        ("Interviewer: hello\n", "d.docx", .plaintext),
        ("Interviewer: hello\n", "d", .plaintext),
        ("<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE TEI [ ]>\n<TEI/>", "d.txt", .tei),
        ("<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\"/>", "d.xml", .tei),
        ("<?xml version=\"1.0\"?><!DOCTYPE Trans SYSTEM \"trans-14.dtd\"><Trans/>", "d.xml", .transcriber),
        ("<ANNOTATION_DOCUMENT/>", "d.xml", .elan),
        ("<basic-transcription/>", "d.xml", .exmaralda),
        ("<x:talk xmlns:x=\"urn:x\"/>", "d.tei", .xml),
    ]

    @Test("content decides, the extension breaks ties", arguments: rows)
    func detect(_ text: String, _ name: String, _ expected: TranscriptFormat?) {
        #expect(Ingest.detectFormat(bytes: Array(text.utf8), displayName: name) == expected)
    }

    @Test("a forced format overrides detection")
    func forced() throws {
        var options = IngestOptions()
        options.format = .plaintext
        let d = try TestSupport.read("WEBVTT\n\nA: hi\nA: there\n", as: "d.vtt", options: options)
        #expect(d.format == "plaintext")
        #expect(d.speakers == ["A"])
    }

    @Test("registry: every format has its reader, names pinned")
    func registry() {
        #expect(TranscriptFormat.allCases.map(\.rawValue) == [
            "plaintext", "webvtt", "srt", "docx", "tei", "transcriber", "elan", "exmaralda", "chat", "xml",
        ])
        for format in TranscriptFormat.allCases { #expect(Ingest.reader(for: format).format == format) }
    }

    @Test("double-encoded text gives a warning naming the unit, not the text")
    func mojibake() throws {
        let d = try TestSupport.read("A: fine\nB: caf\u{C3}\u{A9} au lait\nA: ok\n")
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.message.contains("unit 2") == true)
        #expect(d.warnings.first?.severity == .warning)
        #expect(try TestSupport.read("A: café\nB: ok\n").warnings.isEmpty)
    }

    @Test("a TEI corpus root that only XIncludes components is not a transcript")
    func xinclude() {
        let xml = """
            <teiCorpus xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">
            <teiHeader/><xi:include href="component.xml"/></teiCorpus>
            """
        #expect(TestSupport.failure(xml, as: "d.xml")?.message.contains("XInclude") == true)
    }
}
