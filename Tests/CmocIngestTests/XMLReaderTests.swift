import CmocModel
import Foundation
import Testing

@testable import CmocIngest

/// The XML readers (TEI, Transcriber, ELAN, EXMARaLDA, XPath mapping) and CHAT, on small
/// fixtures that exercise each format's rules.
@Suite("XML formats and CHAT")
struct XMLReaderTests {
    @Test("TEI: @who as written, non-speech left out, seg/s flattened, timeline resolved, persons declared")
    func tei() throws {
        let d = try TestSupport.read(bytes: try TestSupport.fixture("tei-small.xml"), as: "d.xml")
        #expect(d.format == "tei")
        #expect(d.utterances.map(Unit.init) == [
            Unit("#LW1", "We built trust slowly. It took months.", 1.5),
            Unit("#GP1", "Right yes", 4),
            Unit("#LW1", "As I said , slowly."),
            Unit(nil, "background talk"),
        ])
        #expect(d.utterances.first?.end == 4)
        #expect(d.utterances[1].end == nil)
        #expect(d.declaredSpeakers == [
            SpeakerDeclaration(id: "#LW1", name: "Ada Example", role: "link_worker"), SpeakerDeclaration(id: "#GP1"),
        ])
        // @next/@prev halves stay separate units around the interruption.
        #expect(d.mergedTurns.filter { $0.speaker != nil }.count == 3)
    }

    @Test("Transcriber: overlap turn split by Who, markers not text, declared encoding, DTD not loaded")
    func transcriber() throws {
        let d = try TestSupport.read(bytes: try TestSupport.fixture("overlap.trs"), as: "d.trs")
        #expect(d.format == "transcriber")
        #expect(d.encoding == "iso-8859-1")
        #expect(d.utterances.map(Unit.init) == [
            Unit("spk1", "how was the café group then", 0), Unit("spk1", "and the", 2.5), Unit("spk2", "it was good", 2.5),
            Unit("spk2", "really good", 4),
        ])
        #expect(d.mergedTurns.count == 2)
        #expect(d.declaredSpeakers.map(\.id) == ["spk1", "spk2"])
        #expect(d.declaredSpeakers.map(\.name) == ["Interviewer", "P07"])
    }

    @Test("Transcriber: ISO-8859-1 bytes decoded as declared")
    func latin1() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Trans><Episode><Section><Turn speaker=\"s\">caf".utf8)
        bytes.append(0xE9)
        bytes += Array("</Turn></Section></Episode></Trans>".utf8)
        let d = try TestSupport.read(bytes: bytes, as: "d.trs")
        #expect(d.utterances.first?.text == "café")
        #expect(d.encoding == "iso-8859-1")
    }

    @Test("ELAN: participants of top-level tiers, ordered by time then tier, ms to seconds")
    func elan() throws {
        let d = try TestSupport.read(bytes: try TestSupport.fixture("order.eaf"), as: "d.eaf")
        #expect(d.format == "elan")
        #expect(d.utterances.map(Unit.init) == [
            Unit("GP", "hello", 0), Unit("LW", "hi", 0), Unit("LW", "so how are things", nil), Unit("GP", "we refer", 4),
        ])
        #expect(d.utterances[2].end == 4)
        #expect(d.utterances[0].end == 1.5)
        #expect(d.declaredSpeakers.map(\.id) == ["GP", "LW"])
    }

    @Test("EXMARaLDA: abbreviation labels, events in timeline order not id order, empty events dropped")
    func exmaralda() throws {
        let d = try TestSupport.read(bytes: try TestSupport.fixture("order.exb"), as: "d.exb")
        #expect(d.format == "exmaralda")
        #expect(d.utterances.map(Unit.init) == [
            Unit("INT", "so how", 0), Unit("INT", "was it?", 1), Unit("SPK1", "it was fine", nil), Unit("INT", "good.", 3),
        ])
        #expect(d.utterances[2].end == 3)
        #expect(d.declaredSpeakers == [SpeakerDeclaration(id: "INT", name: "Ada Example"), SpeakerDeclaration(id: "SPK1")])
        #expect(d.mergedTurns.count == 3)
    }

    @Test("CHAT: main tiers with TAB continuations, % tiers ignored, bullets to times, control characters removed")
    func chat() throws {
        let d = try TestSupport.read(bytes: try TestSupport.fixture("sample.cha"), as: "d.cha")
        #expect(d.format == "chat")
        #expect(d.utterances.map(Unit.init) == [
            Unit("LW1", "how are you ?", 1), Unit("PAT", "fine thanks and you ? more", 2.5), Unit("PAT", "yes indeed .", nil),
        ])
        #expect(d.utterances[1].end == 4.2)
        #expect(d.declaredSpeakers == [
            SpeakerDeclaration(id: "LW1", name: "Ada_Example", role: "Link_Worker"),
            SpeakerDeclaration(id: "PAT", role: "Patient"), SpeakerDeclaration(id: "INV", role: "Investigator"),
        ])
    }

    @Test("any XML through an XPath mapping with namespaces")
    func mapped() throws {
        var options = IngestOptions()
        options.xmlMapping = XMLMapping(
            turn: "//t:line", speaker: "@by", text: ".", start: "@from", end: "@to", namespaces: ["t": "urn:example:talk"])
        let d = try TestSupport.read(bytes: try TestSupport.fixture("mapped.xml"), as: "d.xml", options: options)
        #expect(d.format == "xml")
        #expect(d.utterances.map(Unit.init) == [Unit("LW", "we meet", 1.5), Unit("LW", "weekly", 3), Unit(nil, "untimed aside", 5)])
        #expect(d.utterances.map(\.end) == [3, 4.25, nil])
    }

    @Test("XPath mapping errors: no mapping, bad expression")
    func mappingErrors() throws {
        let bytes = try TestSupport.fixture("mapped.xml")
        let none = TestSupport.failure(bytes: bytes, as: "doc-9.xml")
        #expect(none?.message.contains("<t:talk>") == true)
        var options = IngestOptions()
        options.xmlMapping = XMLMapping(turn: "//line[", speaker: "@by")
        #expect(TestSupport.failure(bytes: bytes, as: "doc-9.xml", options: options)?.message.contains("'turn'") == true)
        options.xmlMapping = XMLMapping(turn: "//*", speaker: "@@by")
        #expect(TestSupport.failure(bytes: bytes, as: "doc-9.xml", options: options)?.message.contains("'speaker'") == true)
    }

    @Test("XML mapping decodes from snake_case-friendly keys")
    func mappingDecodes() throws {
        let json = #"{"turn":"//u","speaker":"@who","namespaces":{"tei":"http://www.tei-c.org/ns/1.0"}}"#
        let mapping = try JSONDecoder().decode(XMLMapping.self, from: Data(json.utf8))
        #expect(mapping == XMLMapping(turn: "//u", speaker: "@who", namespaces: ["tei": "http://www.tei-c.org/ns/1.0"]))
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var fixture: String
        var displayName: String
        var line: Int
        var mapping: XMLMapping?
        var testDescription: String { fixture }
    }

    static let malformed: [MalformedCase] = [
        .init(fixture: "malformed.tei.xml", displayName: "doc-1.xml", line: 4),
        .init(fixture: "malformed.trs", displayName: "doc-2.trs", line: 5),
        .init(fixture: "malformed.eaf", displayName: "doc-3.eaf", line: 5),
        .init(fixture: "malformed.exb", displayName: "doc-4.exb", line: 4),
        .init(fixture: "malformed-mapped.xml", displayName: "doc-5.xml", line: 5, mapping: XMLMapping(turn: "//line")),
    ]

    @Test("malformed XML is reported with file, line and column", arguments: malformed)
    func malformedXML(_ row: MalformedCase) throws {
        var options = IngestOptions()
        options.xmlMapping = row.mapping
        let diagnostic = try #require(TestSupport.failure(bytes: try TestSupport.fixture(row.fixture), as: row.displayName, options: options))
        #expect(diagnostic.location?.file == row.displayName)
        #expect(diagnostic.location?.line == row.line)
        #expect(diagnostic.location?.column != nil)
        #expect(diagnostic.message.hasPrefix("malformed XML"))
        #expect(diagnostic.severity == .error && diagnostic.stage == "ingest")
    }
}
