import CmocModel
import Testing

@testable import CmocIngest

/// Hostile XML and oversized input: every case is refused with a clear error, nothing is loaded
/// from outside the document, and no secret text reaches the result.
@Suite("Hostile input")
struct HostileInputTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
         <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
         <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
         <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
         <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#A">&lol9;</u></body></text></TEI>
        """

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var xml: String
        var file: String
        var messageContains: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "billion laughs", xml: billionLaughs, file: "doc-1.xml", messageContains: "entit"),
        .init(name: "external entity to /etc/passwd", xml: """
            <?xml version="1.0"?>
            <!DOCTYPE Trans [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <Trans><Episode><Section><Turn speaker="spk1">&secret;</Turn></Section></Episode></Trans>
            """, file: "doc-2.trs", messageContains: "entit"),
        .init(name: "external parameter entity", xml: """
            <?xml version="1.0"?>
            <!DOCTYPE ANNOTATION_DOCUMENT [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>
            <ANNOTATION_DOCUMENT/>
            """, file: "doc-3.eaf", messageContains: "entit"),
        .init(name: "entity declared but unused", xml: """
            <?xml version="1.0"?>
            <!DOCTYPE basic-transcription [<!ENTITY x "y">]>
            <basic-transcription/>
            """, file: "doc-4.exb", messageContains: "declares entities"),
        .init(name: "nesting beyond libxml2's own limit",
              xml: "<TEI>" + String(repeating: "<seg>", count: 400) + String(repeating: "</seg>", count: 400) + "</TEI>",
              file: "doc-5.xml", messageContains: "deeper than 256"),
        .init(name: "nesting beyond the ingest depth limit",
              xml: "<TEI>" + String(repeating: "<seg>", count: 200) + String(repeating: "</seg>", count: 200) + "</TEI>",
              file: "doc-6.xml", messageContains: "deeper than 128"),
    ]

    @Test("refused with a clear error naming the file", arguments: cases)
    func refused(_ row: Case) throws {
        let diagnostic = try #require(TestSupport.failure(row.xml, as: row.file))
        #expect(diagnostic.location?.file == row.file)
        #expect(diagnostic.message.lowercased().contains(row.messageContains.lowercased()), "\(diagnostic.message)")
        #expect(!diagnostic.description.contains("root:"))
    }

    @Test("a Transcriber DOCTYPE with an external DTD is read without fetching it")
    func doctypeNotLoaded() throws {
        let d = try TestSupport.read("""
            <?xml version="1.0"?>
            <!DOCTYPE Trans SYSTEM "file:///etc/passwd">
            <Trans><Episode><Section><Turn speaker="spk1">hello</Turn></Section></Episode></Trans>
            """, as: "d.trs")
        #expect(d.utterances.map(\.text) == ["hello"])
    }

    @Test("node budget is enforced")
    func nodeBudget() {
        var options = IngestOptions()
        options.limits.maxXMLNodes = 50
        let xml = "<TEI><text><body>" + String(repeating: "<u who=\"#a\">x</u>", count: 100) + "</body></text></TEI>"
        #expect(TestSupport.failure(xml, as: "d.xml", options: options)?.message.contains("more than 50 nodes") == true)
    }

    @Test("input larger than the byte limit is refused before parsing")
    func byteLimit() {
        var options = IngestOptions()
        options.limits.maxBytes = 10
        let diagnostic = TestSupport.failure("Interviewer: hello there", as: "d.txt", options: options)
        #expect(diagnostic?.message.contains("above the ingest limit of 10 bytes") == true)
    }

    @Test("binary data is not mistaken for a transcript")
    func binary() {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03]
        #expect(Ingest.detectFormat(bytes: bytes, displayName: "d.txt") == nil)
        #expect(TestSupport.failure(bytes: bytes, as: "d.txt")?.message.contains("cannot tell which transcript format") == true)
    }
}
