import CmocModel
import Testing

@testable import CmocPseudonymise

/// Names beyond the registry: cues, capitalisation, the name-and-word policy, places, organisations.
struct ThirdPartyTests {
    /// Rows: text, a substring that must be inside a replaced span, and its kind (nil: any name kind).
    static let found: [(String, String, EntityKind?)] = [
        ("we talked to Zbigniew yesterday", "Zbigniew", .person),
        ("my daughter Rose visits", "Rose", .person),
        ("my neighbour Bill helps", "Bill", .person),
        ("a lad called Mark came", "Mark", .person),
        ("she is named Hope", "Hope", .person),
        ("Dr Patel saw her", "Dr Patel", .person),
        ("Mrs Grace was kind", "Mrs Grace", .person),
        ("Mrs May was kind", "Mrs May", .person),
        ("then Will said no", "Will", .person),
        ("and Grace came too", "Grace", .person),
        ("Grace Hopper wrote it", "Grace Hopper", .person),
        ("the woman, Sue Smith, rang", "Sue Smith", .person),
        ("we saw JOHN SMITH there", "JOHN SMITH", .person),
        ("We went to see John F. Kennedy speak", "John F. Kennedy", .person),
        ("the work of Ludwig van Beethoven lasts", "Ludwig van Beethoven", .person),
        ("as shown before (Chambers, 2017).", "Chambers", nil),
        ("she moved from Harrogate last year", "Harrogate", nil),
        ("at Moorside Surgery on Monday", "Moorside Surgery", .organisation),
        ("the Beckett Street Health Centre is new", "Beckett Street Health Centre", .organisation),
        ("down Acacia Avenue past the shop", "Acacia Avenue", .place),
        ("Dear Priya, thanks", "Priya", .person),
    ]

    @Test(arguments: found)
    func findsName(_ text: String, _ name: String, _ kind: EntityKind?) {
        let spans = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        #expect(spans.contains { $0.0.contains(name) && (kind == nil || $0.1 == kind) }, "\(spans)")
    }

    /// Rows: text and a word that must not be replaced (the policy for words that are names too).
    static let kept: [(String, String)] = [
        ("Will you come tomorrow?", "Will"),
        ("Hope this helps.", "Hope"),
        ("Mark the date in the diary.", "Mark"),
        ("We met in May and again in August.", "May"),
        ("The practice is busy.", "The"),
        ("I think the NHS and the GP are fine.", "NHS"),
        ("English is spoken, and Polish too.", "Polish"),
        ("Patients come on Monday.", "Monday"),
        ("I'm sure it's OK.", "I"),
        ("[Speaker 1] 11:02:09\nHey, how are you?\n\n[Speaker 2] 11:02:13\nYeah, fine.", "Hey"),
        ("[Speaker 1] 11:02:09\nHey, how are you?\n\n[Speaker 2] 11:02:13\nYeah, fine.", "Yeah"),
    ]

    @Test(arguments: kept)
    func keepsOrdinaryWord(_ text: String, _ word: String) {
        let spans = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        #expect(!spans.contains { $0.0.split(separator: " ").contains(Substring(word)) }, "\(spans)")
    }

    /// A name found inside a sentence is carried to its mention at a sentence start.
    @Test func carriesNameToOtherMentions() {
        let text = "Our member Marbles runs the group. Marbles is great."
        let spans = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        #expect(spans.filter { $0.0 == "Marbles" }.count == 2, "\(spans)")
    }

    /// One person, one pseudonym: `John Smith`, later `Smith` and `John`.
    @Test func fullAndPartialMentionsShareAPseudonym() {
        let pseudonymiser = Fixture.pseudonymiser(registry: Registry())
        let text = "We met John Smith on Friday. Later Smith called, and then John wrote."
        let detections = pseudonymiser.detect(text)
        var key = PseudonymKey()
        key.assign(detections, documentID: "T")
        let output = pseudonymise(text: text, detections: detections, key: key)
        #expect(output == "We met [PERSON-1] on Friday. Later [PERSON-1] called, and then [PERSON-1] wrote.")
    }

    /// Third-party detection off: only registry names and identifiers.
    @Test func thirdPartySwitch() {
        let text = "Zbigniew rang 07700 900123."
        let on = Fixture.spans(text, Fixture.pseudonymiser(thirdParty: true))
        let off = Fixture.spans(text, Fixture.pseudonymiser(thirdParty: false))
        #expect(on.contains { $0.0 == "Zbigniew" })
        #expect(!off.contains { $0.0 == "Zbigniew" })
        #expect(off.contains { $0.1 == .phone })
    }

    /// The bundled word lists load (a packaging mistake would silently drop recall).
    @Test(arguments: [("common-words", 50_000), ("first-names", 5_000), ("surnames", 5_000), ("not-names", 200), ("health-services", 30)])
    func wordListsLoad(_ name: String, _ minimum: Int) {
        #expect(Lexicon.listSize(name) >= minimum)
    }
}
