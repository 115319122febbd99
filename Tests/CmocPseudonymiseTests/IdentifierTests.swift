import CmocModel
import Testing

@testable import CmocPseudonymise

/// Direct identifiers: each row is a sentence, the kind expected and the exact text replaced.
struct IdentifierTests {
    static let positive: [(String, EntityKind, String)] = [
        ("Write to lucy.w@example.org today", .email, "lucy.w@example.org"),
        ("mail a.b+c@nhs.net.", .email, "a.b+c@nhs.net"),
        ("see https://example.org/path?q=1.", .url, "https://example.org/path?q=1"),
        ("at www.example.co.uk, or", .url, "www.example.co.uk"),
        ("the leaflet (https://example.org/lw) says", .url, "https://example.org/lw"),
        ("online (www.example.org) too", .url, "www.example.org"),
        ("+https://example.org/x works", .url, "https://example.org/x"),
        ("ring 01632 960123 now", .phone, "01632 960123"),
        ("ring 0113 496 0000 now", .phone, "0113 496 0000"),
        ("mobile 07700-900-123 ok", .phone, "07700-900-123"),
        ("mobile 07700900123.", .phone, "07700900123"),
        ("call +44 7700 900123 please", .phone, "+44 7700 900123"),
        ("call +44 (0)20 7946 0018 please", .phone, "+44 (0)20 7946 0018"),
        ("call (020) 7946 0018 please", .phone, "(020) 7946 0018"),
        ("postcode LS6 2AB here", .postcode, "LS6 2AB"),
        ("at SW1A 1AA.", .postcode, "SW1A 1AA"),
        ("at M1 1AE,", .postcode, "M1 1AE"),
        ("unspaced LS62AB too", .postcode, "LS62AB"),
        ("lower case ls6 2ab too", .postcode, "ls6 2ab"),
        ("NI number AB123456C ok", .niNumber, "AB123456C"),
        ("NI number AB 12 34 56 C ok", .niNumber, "AB 12 34 56 C"),
        ("born 12 March 1957 in", .date, "12 March 1957"),
        ("born 12/03/1957 in", .date, "12/03/1957"),
        ("born 3-7-57 in", .date, "3-7-57"),
        ("born March 12th, 1957 in", .date, "March 12th, 1957"),
        ("born on the 1st of May 1960.", .date, "1st of May 1960"),
        ("born 1957-03-12.", .date, "1957-03-12"),
        ("lives at 14 Mill Lane, Leeds", .address, "14 Mill Lane"),
        ("lives at 3a Station Road now", .address, "3a Station Road"),
    ]

    @Test(arguments: positive)
    func findsIdentifier(_ text: String, _ kind: EntityKind, _ expected: String) {
        let found = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        #expect(found.contains { $0.0 == expected && $0.1 == kind }, "\(found)")
    }

    static let negative: [String] = [
        "we met in 2015 and 2016",
        "version 1.2.3 shipped",
        "it cost 12.50 pounds",
        "the score was 3-1",
        "about 200 patients a week",
        "email me @ the office",
        "room 101",
        "id 184467440737095516161844674407370955161 March 2000",
        "serial 12345678901234567890123",
    ]

    @Test(arguments: negative)
    func ignoresOrdinaryNumbers(_ text: String) {
        let found = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        #expect(found.isEmpty, "\(found)")
    }

    /// NHS numbers built with a computed check digit are confident; a changed check digit is still
    /// replaced as an NHS number but marked uncertain.
    static let nhsPrefixes = ["943476591", "401023213", "485777345", "555123456", "450557710"]

    @Test(arguments: nhsPrefixes)
    func nhsNumberCheckDigit(_ prefix: String) throws {
        let valid = try #require(Fixture.nhsNumber(prefix))
        let pseudonymiser = Fixture.pseudonymiser(registry: Registry())
        let spaced = "\(valid.prefix(3)) \(valid.dropFirst(3).prefix(3)) \(valid.suffix(4))"
        for written in [valid, spaced] {
            let found = pseudonymiser.detect("NHS number \(written) noted")
            #expect(found.count == 1)
            #expect(found.first?.kind == .nhsNumber)
            #expect(found.first?.uncertain == false)
        }
        let lastDigit = try #require(valid.last?.wholeNumberValue)
        let invalid = String(valid.dropLast()) + String((lastDigit + 1) % 10)
        let bad = pseudonymiser.detect("NHS number \(invalid) noted")
        #expect(bad.first?.kind == .nhsNumber)
        #expect(bad.first?.uncertain == true)
        #expect(bad.first?.reason?.contains("check digit") == true)
    }

    @Test func checkDigitAlgorithm() {
        // 943 476 5919 is the NHS's published example number.
        #expect(IdentifierScanner.nhsCheckDigitValid(Array("9434765919".utf8)))
        #expect(!IdentifierScanner.nhsCheckDigitValid(Array("9434765918".utf8)))
    }
}
