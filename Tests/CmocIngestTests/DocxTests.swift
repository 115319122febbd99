import CmocModel
import Foundation
import Testing
import ZIPFoundation

@testable import CmocIngest

/// Builds .docx packages in memory (ZIPFoundation) and reads them back.
enum DocxBuilder {
    static let wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    static func document(_ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"\(wordNS)\"><w:body>\(body)<w:sectPr/></w:body></w:document>"
    }

    static func p(_ text: String, style: String? = nil, bold: Bool = false) -> String {
        let pPr = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(pPr)\(r(text, bold: bold))</w:p>"
    }

    static func r(_ text: String, bold: Bool = false) -> String {
        let rPr = bold ? "<w:rPr><w:b/></w:rPr>" : ""
        return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(text)</w:t></w:r>"
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(wordNS)">
        <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>
        """

    static func package(_ parts: [(String, String)], compression: CompressionMethod = .deflate) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, content) in parts {
            let data = Data(content.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return [UInt8](archive.data ?? Data())
    }

    static func docx(_ body: String, styles: Bool = true) throws -> [UInt8] {
        var parts = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", document(body))]
        if styles { parts.append(("word/styles.xml", Self.styles)) }
        return try package(parts)
    }
}

struct DocxCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: String
    var expected: [Unit]
    var testDescription: String { name }
}

let docxCases: [DocxCase] = {
    typealias B = DocxBuilder
    return [
        .init(name: "Name: prefixes, one turn per paragraph, continuation paragraphs",
              body: B.p("Interviewer: How did it start?") + B.p("LW1: With a referral.") + B.p("Then another.")
                + B.p("Interviewer: I see."),
              expected: [Unit("Interviewer", "How did it start?"), Unit("LW1", "With a referral. Then another."), Unit("Interviewer", "I see.")]),
        .init(name: "bold-run labels without colons",
              body: "<w:p>\(B.r("Interviewer", bold: true))\(B.r(" So, tell me."))</w:p>"
                + "<w:p>\(B.r("Respondent ", bold: true))\(B.r("Well."))</w:p>"
                + "<w:p>\(B.r("Interviewer", bold: true))\(B.r(" Go on."))</w:p>"
                + "<w:p>\(B.r("Respondent", bold: true))\(B.r(" Fine."))</w:p>",
              expected: [Unit("Interviewer", "So, tell me."), Unit("Respondent", "Well."), Unit("Interviewer", "Go on."), Unit("Respondent", "Fine.")]),
        .init(name: "heading-styled speaker paragraphs (NVivo layout, localised style id)",
              body: B.p("Facilitator", style: "berschrift1") + B.p("Welcome all.") + B.p("F1", style: "Heading2")
                + B.p("Hello.") + B.p("Facilitator", style: "berschrift1") + B.p("Thanks.") + B.p("F1", style: "Heading2") + B.p("Bye."),
              expected: [Unit("Facilitator", "Welcome all."), Unit("F1", "Hello."), Unit("Facilitator", "Thanks."), Unit("F1", "Bye.")]),
        .init(name: "a one-off heading is a section title, not a speaker",
              body: B.p("Introduction", style: "Heading1") + B.p("Interviewer: Hi.") + B.p("P2: Hello.") + B.p("Interviewer: Bye."),
              expected: [Unit(nil, "Introduction"), Unit("Interviewer", "Hi."), Unit("P2", "Hello."), Unit("Interviewer", "Bye.")]),
        .init(name: "old Teams export: times, name and text split by soft breaks",
              body: "<w:p><w:r><w:t>0:0:0.0 --&gt; 0:0:5.120</w:t><w:br/><w:t>Jo Bloggs</w:t><w:br/><w:t>Can you hear me?</w:t></w:r></w:p>"
                + "<w:p><w:r><w:t>0:0:5.120 --&gt; 0:0:7.0</w:t><w:br/><w:t>Sam Roe</w:t><w:br/><w:t>Yes.</w:t></w:r></w:p>",
              expected: [Unit("Jo Bloggs", "Can you hear me?", 0), Unit("Sam Roe", "Yes.", 5.12)]),
        .init(name: "newer Teams export: name and offset line, text paragraph",
              body: B.p("Jo Bloggs   0:03") + B.p("Hello.") + B.p("Sam Roe   1:02:07") + B.p("Hi."),
              expected: [Unit("Jo Bloggs", "Hello.", 3), Unit("Sam Roe", "Hi.", 3727)]),
        .init(name: "table with a Speaker header column and a time column",
              body: "<w:tbl>" + row(["Time", "Speaker", "Content"]) + row(["00:00:01", "GP", "We refer weekly."])
                + row(["00:00:09", "Link worker", "Yes, on Mondays."]) + "</w:tbl>",
              expected: [Unit("GP", "We refer weekly.", 1), Unit("Link worker", "Yes, on Mondays.", 9)]),
        .init(name: "table without header: first column of recurring labels",
              body: "<w:tbl>" + row(["I", "Hello."]) + row(["R", "Hi."]) + row(["I", "Bye."]) + row(["R", "Bye now."]) + "</w:tbl>",
              expected: [Unit("I", "Hello."), Unit("R", "Hi."), Unit("I", "Bye."), Unit("R", "Bye now.")]),
        .init(name: "tracked changes: insertions read, deletions skipped, field codes ignored",
              body: "<w:p>\(B.r("Interviewer: We "))<w:del w:id=\"1\"><w:r><w:delText>never </w:delText></w:r></w:del>"
                + "<w:ins w:id=\"2\"><w:r><w:t>always </w:t></w:r></w:ins>\(B.r("refer."))"
                + "<w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"
                + "<w:sdt><w:sdtContent><w:p>\(B.r("P3: "))<w:sdt><w:sdtContent>\(B.r("Good."))</w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>"
                + B.p("Interviewer: Ok."),
              expected: [Unit("Interviewer", "We always refer."), Unit("P3", "Good."), Unit("Interviewer", "Ok.")]),
        .init(name: "no speakers: each paragraph kept",
              body: B.p("Observation notes.") + B.p("The waiting room was busy."),
              expected: [Unit(nil, "Observation notes."), Unit(nil, "The waiting room was busy.")]),
    ]
}()

private func row(_ cells: [String]) -> String {
    "<w:tr>" + cells.map { "<w:tc>\(DocxBuilder.p($0))</w:tc>" }.joined() + "</w:tr>"
}

@Suite(".docx transcripts")
struct DocxTests {
    @Test("layouts", arguments: docxCases)
    func layouts(_ row: DocxCase) throws {
        let d = try TestSupport.read(bytes: try DocxBuilder.docx(row.body), as: "d.docx")
        #expect(d.format == "docx")
        #expect(d.utterances.map(Unit.init) == row.expected)
    }

    @Test("detected from the ZIP signature whatever the name")
    func detected() throws {
        let bytes = try DocxBuilder.docx(DocxBuilder.p("x"))
        #expect(Ingest.detectFormat(bytes: bytes, displayName: "d.txt") == .docx)
    }

    @Test("password-protected or legacy Word (OLE) is reported clearly")
    func ole() {
        let bytes: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 64)
        let diagnostic = TestSupport.failure(bytes: bytes, as: "doc-4.docx")
        #expect(diagnostic?.message.contains("password-protected") == true)
        #expect(diagnostic?.location?.file == "doc-4.docx")
    }

    @Test("guards: entry count, total size, compression ratio, missing part, broken zip")
    func guards() throws {
        var options = IngestOptions()
        options.limits.docxMaxEntries = 2
        let three = try DocxBuilder.docx(DocxBuilder.p("x"))
        #expect(TestSupport.failure(bytes: three, as: "d.docx", options: options)?.message.contains("3 entries") == true)

        options = IngestOptions()
        options.limits.docxMaxUncompressedBytes = 100
        #expect(TestSupport.failure(bytes: three, as: "d.docx", options: options)?.message.contains("expands to") == true)

        let bomb = try DocxBuilder.package([("word/document.xml", DocxBuilder.document(String(repeating: " ", count: 2_000_000)))])
        #expect(TestSupport.failure(bytes: bomb, as: "d.docx")?.message.contains("compression-ratio limit") == true)

        let noDocument = try DocxBuilder.package([("word/other.xml", "<x/>")])
        #expect(TestSupport.failure(bytes: noDocument, as: "d.docx")?.message.contains("no word/document.xml") == true)

        let broken: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 40)
        #expect(TestSupport.failure(bytes: broken, as: "d.docx")?.message.contains("not a readable .docx") == true)
    }

    @Test("malformed document.xml points at the part, line and column")
    func malformed() throws {
        let bytes = try DocxBuilder.package([("word/document.xml", "<w:document xmlns:w=\"x\">\n<w:body><w:p></w:body></w:document>")])
        let diagnostic = try #require(TestSupport.failure(bytes: bytes, as: "doc-2.docx"))
        #expect(diagnostic.location?.file == "doc-2.docx[word/document.xml]")
        #expect(diagnostic.location?.line == 2)
    }
}
