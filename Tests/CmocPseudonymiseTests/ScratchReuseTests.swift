import CmocModel
import Testing

@testable import CmocPseudonymise

/// Buffers reused across a document's utterances change nothing: tokens and detections are those of
/// each text alone, whatever came before (a long text, then a short one, then an empty one).
struct ScratchReuseTests {
    static let texts = [
        String(repeating: "Dr Lucy Walker met Siobhan at Riverside Medical Centre on 12 March, call 07700 900123. ", count: 40),
        "I met ‘Siobhan’ there.",
        "",
        "Then—Lucy Walker came, and O'Neill-Smith's dog too.",
        "ok",
    ]

    @Test func tokensIntoAReusedArrayAreTheTokensOfEachText() {
        var tokens: [Token] = []
        for text in Self.texts {
            let bytes = Array(text.utf8)
            TextBytes.tokenize(bytes, into: &tokens)
            let alone = TextBytes.tokenize(bytes)
            #expect(tokens.count == alone.count, "\(text.prefix(20))")
            for (a, b) in zip(tokens, alone) {
                #expect(a.start == b.start && a.end == b.end && a.hash == b.hash && a.line == b.line)
                #expect(a.capitalised == b.capitalised && a.allCaps == b.allCaps && a.sentenceStart == b.sentenceStart)
            }
        }
    }

    @Test func aDocumentsDetectionsAreEachUtterancesAlone() {
        let pseudonymiser = Fixture.pseudonymiser()
        let document = SourceDocument(
            id: "D", format: "plain", utterances: Self.texts.map { Utterance(speaker: "LW-A1", text: $0) })
        let together = pseudonymiser.detect(document: document)
        var alone = DocumentDetections(
            documentID: "D", declaredNames: [], labels: together.labels,
            utterances: Self.texts.map { pseudonymiser.detect($0) })
        Pseudonymiser.linkPartialNames(&alone)
        #expect(together.utterances == alone.utterances)
        #expect(together.utterances.contains { !$0.isEmpty })
    }
}
