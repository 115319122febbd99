import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// The detector on real public text nobody on the team wrote (names-gold, GUM corpus). The
/// benchmark prints the exact figures; this pins a floor so a regression fails a test.
struct GoldDataTests {
    static let goldFile = Fixture.sharedData?.appendingPathComponent("names-gold/gum_written_names.jsonl")

    struct Gold: Decodable {
        struct Span: Decodable {
            var start: Int
            var end: Int
            var label: String
        }
        var text: String
        var spans: [Span]
    }

    @Test(.enabled(if: goldFile != nil, "shared/data/names-gold is absent beside the repository: gold check skipped"))
    func personRecallOnNamesGold() throws {
        let url = try #require(GoldDataTests.goldFile)
        let data = try Data(contentsOf: url)
        let pseudonymiser = Fixture.pseudonymiser(registry: Registry())
        var gold = 0
        var caught = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let document = try JSONDecoder().decode(Gold.self, from: Data(line))
            let offsets = CodePointOffsets(document.text)
            let spans = pseudonymiser.detect(document.text).map {
                (offsets.codePoint(atByte: $0.span.start), offsets.codePoint(atByte: $0.span.end))
            }
            for span in document.spans where span.label == "PER" {
                gold += 1
                if spans.contains(where: { $0.0 < span.end && span.start < $0.1 }) { caught += 1 }
            }
        }
        #expect(gold > 1000)
        #expect(Double(caught) / Double(gold) >= 0.96)
    }

    @Test func codePointOffsets() {
        let offsets = CodePointOffsets("Zurbarán’s é")
        #expect(offsets.codePoint(atByte: 0) == 0)
        #expect(offsets.codePoint(atByte: 9) == 8)  // after "Zurbarán" (á is 2 bytes)
        #expect(offsets.codePoint(atByte: 12) == 9)  // after the 3-byte apostrophe
    }
}
