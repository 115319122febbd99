import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// The shipped fictional corpus (`corpus/`), pseudonymised paragraph by paragraph with its
/// registry: no ordinary word becomes a key entry, the planted third-party names do, and the
/// leak guard passes the result.
struct SampleCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")

    /// Each plain-text transcript (TEI files need ingest; the pipeline tests cover them)'s paragraphs with their lines joined by a space, as ingest
    /// hands them over (speaker labels stay: they are registry names or roles).
    static func paragraphs() throws -> [String] {
        let folder = corpus.appendingPathComponent("transcripts")
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "txt" { files.append(url) }
        var result: [String] = []
        for url in files.sorted(by: { $0.path < $1.path }) {
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
            for paragraph in text.components(separatedBy: "\n\n") {
                let joined = paragraph.split(separator: "\n").joined(separator: " ")
                if !joined.isEmpty { result.append(joined) }
            }
        }
        return result
    }

    @Test func keyHoldsNamesNotWordsAndGuardPasses() throws {
        let registry = try Registry.load(
            participants: Self.corpus.appendingPathComponent("participants.csv"),
            sites: Self.corpus.appendingPathComponent("sites.csv"))
        let pseudonymiser = try Pseudonymiser(registry: registry)
        let texts = try Self.paragraphs()
        try #require(texts.count > 100)
        var key = PseudonymKey()
        var detections: [[Detection]] = []
        for (index, text) in texts.enumerated() {
            let found = pseudonymiser.detect(text)
            key.assign(found, documentID: "P\(index)")
            detections.append(found)
        }
        let originals = Set(key.originals.map(\.original))
        let words = [
            "Arrive", "Coffee", "Consent", "Date", "Facilitators", "Fridays", "Thursdays", "GPs", "He", "Hmm",
            "I. Yes", "Lane", "Street", "Mid-level", "Much", "Second", "Third", "Social", "SystmOne", "WEMWBS", "Mum",
            "FOCUS GROUP", "North West",
        ]
        for word in words { #expect(!originals.contains(word), "ordinary word in the key (\(word.count) letters)") }
        for name in ["Kirsty", "Yusuf", "Rose", "Winston", "Hope", "Will", "Bill", "Gareth", "Precious", "Wiktor"] {
            #expect(originals.contains { $0.split(separator: " ").contains(Substring(name)) }, "planted name missing")
        }
        let output = zip(texts, detections).map { pseudonymise(text: $0, detections: $1, key: key) }.joined(separator: "\n")
        #expect(LeakGuard(registry: registry, key: key).scan(text: output, file: "corpus").isEmpty)
    }
}
