import CmocModel
import Testing
@testable import CmocCoding

/// NegEx-style negation and hedging: rows of sentence and the direction of the hit on `refer`.
let directionRows: [(String, Direction)] = [
    ("We refer a lot.", .supports),
    ("I don't refer anyone.", .negated),
    ("I don\u{2019}t refer anyone.", .negated),
    ("I never refer.", .negated),
    ("We no longer refer.", .negated),
    ("We're not really able to refer.", .negated),
    ("I wasn't going to refer him.", .negated),
    ("Nobody would refer.", .negated),
    ("I could hardly refer.", .negated),
    ("There's no way to refer.", .negated),
    ("I dont refer.", .negated),
    ("We cannot refer.", .negated),
    // Scope ends at terminators and punctuation.
    ("I don't drive but I refer.", .supports),
    ("I don't drive, however I refer.", .supports),
    ("I don't drive; I refer.", .supports),
    ("I don't drive. I refer.", .supports),
    // Scope is a few words (8 by default): long enough for "don't see it as my job to refer".
    ("I don't see it as my job to refer.", .negated),
    ("I don't think that many of the older people here refer.", .supports),
    // Pseudo-triggers are not negations.
    ("Not only do we refer, we follow up.", .supports),
    ("No doubt we refer more now.", .supports),
    // Hedges make a hit tentative for the whole sentence.
    ("I suppose we refer.", .tentative),
    ("Maybe we refer.", .tentative),
    ("We sort of refer.", .tentative),
    ("I guess we refer, yes.", .tentative),
    ("Perhaps we refer.", .tentative),
    ("We might refer.", .tentative),
    ("We refer, I suppose.", .tentative),
    ("I'm not sure we refer.", .tentative),
    ("Maybe not. We refer.", .supports),
    // Negation wins over hedging.
    ("Maybe we don't refer.", .negated),
]

@Test(arguments: directionRows)
func directionOfHit(_ text: String, _ expected: Direction) throws {
    let compiled = try Fixture.compile(code("- keywords: [refer]"))
    let hits = compiled.code(Fixture.document([(nil, text)]), siteAttributes: [:])
    #expect(hits.map(\.direction) == [expected], "\(text)")
}

@Test func hitInsideAMultiWordTriggerIsNegated() throws {
    let compiled = try Fixture.compile(code("- keywords: [feel valued]"))
    let hits = compiled.code(Fixture.document([(nil, "I didn't feel valued.")]), siteAttributes: [:])
    #expect(hits.map(\.direction) == [.negated])
}

@Test func aHitThatCarriesItsOwnNegationIsNotTurnedRoundByAnEarlierOne() throws {
    let compiled = try Fixture.compile(code("- keywords: [not a counsellor]"))
    let hits = compiled.code(
        Fixture.document([(nil, "She is not a doctor and not a counsellor.")]), siteAttributes: [:])
    #expect(hits.map(\.direction) == [.supports])
}

@Test func aHitStartingWithTheTriggerIsNotNegatedByIt() throws {
    let compiled = try Fixture.compile(code("- keywords: [not my job]"))
    let hits = compiled.code(Fixture.document([(nil, "Housing is not my job.")]), siteAttributes: [:])
    #expect(hits.map(\.direction) == [.supports])
}

@Test func codebookCanReplaceTriggersAndWindow() throws {
    let header = """
        negation:
          triggers: [nae]
          window: 1
        hedging:
          triggers: [mebbe]

        """
    let compiled = try Fixture.compile(code("- keywords: [refer]"), header: header)
    func direction(_ text: String) -> [Direction] {
        compiled.code(Fixture.document([(nil, text)]), siteAttributes: [:]).map(\.direction)
    }
    #expect(direction("Nae refer.") == [.negated])
    #expect(direction("Nae we refer.") == [.supports])  // window of one word
    #expect(direction("I don't refer.") == [.supports])  // default triggers replaced
    #expect(direction("Mebbe we refer.") == [.tentative])
    #expect(direction("Maybe we refer.") == [.supports])
}

@Test func extraTriggersAddToTheDefaults() throws {
    let header = "negation:\n  extra_triggers: [nae]\n"
    let compiled = try Fixture.compile(code("- keywords: [refer]"), header: header)
    for text in ["Nae refer.", "I don't refer."] {
        #expect(compiled.code(Fixture.document([(nil, text)]), siteAttributes: [:]).map(\.direction) == [.negated])
    }
}

@Test func nearHitIsNegatedWhenEitherPartIs() throws {
    let compiled = try Fixture.compile(code("- near: [feedback, patient*]"))
    let hits = compiled.code(Fixture.document([(nil, "Patients give no feedback.")]), siteAttributes: [:])
    #expect(hits.map(\.direction) == [.negated])
}
