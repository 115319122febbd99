import Foundation
import Testing

@testable import CmocPseudonymise

/// A name right after a curly quote, a dash or a guillemet (`‘`, `“`, `—`, `«`: their last bytes are
/// UTF-8 continuation bytes) is found whole by detection and by the leak guard. Until session 4 a
/// word could start at such a byte (`\u{80}\u{98}Siobhan`), whose hash matched no name.
struct CurlyQuoteLeakTests {
    /// Text, the registered name in it that must be replaced whole.
    static let rows: [(String, String)] = [
        ("I met ‘Siobhan’ there.", "Siobhan"),
        ("She said “Lucy Walker was here” today.", "Lucy Walker"),
        ("Then—Lucy Walker came.", "Lucy Walker"),
        ("«Siobhan» rang…Lucy Walker too", "Siobhan"),
        ("…Lucy Walker said", "Lucy Walker"),
    ]

    @Test(arguments: rows)
    func nameAfterCurlyQuoteIsReplaced(_ text: String, _ name: String) {
        let spans = Fixture.spans(text, Fixture.pseudonymiser()).map(\.0)
        #expect(spans.contains(name), "\(spans)")
        let guardian = LeakGuard(registry: Fixture.registry, key: PseudonymKey())
        #expect(!guardian.scan(text: text, file: "f").isEmpty)
    }

    /// The same sentences with straight quotes and a spaced hyphen are handled: the rows above
    /// fail only for the curly quote or dash.
    @Test(arguments: rows)
    func nameAfterStraightQuoteIsReplaced(_ text: String, _ name: String) {
        let straight = text.replacingOccurrences(of: "‘", with: "'").replacingOccurrences(of: "’", with: "'")
            .replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
            .replacingOccurrences(of: "—", with: " - ").replacingOccurrences(of: "«", with: "\"")
            .replacingOccurrences(of: "»", with: "\"").replacingOccurrences(of: "…", with: "... ")
        let spans = Fixture.spans(straight, Fixture.pseudonymiser()).map(\.0)
        #expect(spans.contains(name), "\(spans)")
        let guardian = LeakGuard(registry: Fixture.registry, key: PseudonymKey())
        #expect(!guardian.scan(text: straight, file: "f").isEmpty)
    }
}
