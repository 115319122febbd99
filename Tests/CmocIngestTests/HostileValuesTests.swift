import CmocModel
import Foundation
import Testing

@testable import CmocIngest

/// Values a hostile or broken file can carry that must not crash, stop a batch or leak text.
@Suite struct HostileValuesTests {
    @Test(arguments: [
        ("12.5", 12.5), ("nan", nil), ("inf", nil), ("-3", nil), ("1e300", nil), ("9999999", 9_999_999),
    ] as [(String, Double?)])
    func onlyPlausibleTimesAreTimes(_ text: String, _ expected: Double?) {
        #expect(Timecode.seconds(text) == expected)
    }

    @Test func elanTimeValuesThatAreNotNumbersLeaveUnitsUntimed() throws {
        let eaf = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER>
            <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="nan"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1e300"/>
            </TIME_ORDER>
            <TIER TIER_ID="A" PARTICIPANT="p1" LINGUISTIC_TYPE_REF="default"><ANNOTATION>
            <ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
            <ANNOTATION_VALUE>hello</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
            </ANNOTATION_DOCUMENT>
            """
        let document = try Ingest.read(bytes: Array(eaf.utf8), displayName: "t.eaf", id: "d", options: IngestOptions())
        #expect(document.utterances.map(\.text) == ["hello"])
        #expect(document.utterances.allSatisfy { $0.start == nil && $0.end == nil })
    }

    @Test func xmlErrorsNeverQuoteTheDocumentsText() {
        let tei = """
            <?xml version="1.0"?>
            <TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#a">Ask &Quartermaine; about it</u></body></text></TEI>
            """
        do {
            _ = try Ingest.read(bytes: Array(tei.utf8), displayName: "t.xml", id: "d", options: IngestOptions())
            Issue.record("an undefined entity was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("t.xml:2:"))
            #expect(!text.contains("Quartermaine"), "\(text)")
        }
    }
}
