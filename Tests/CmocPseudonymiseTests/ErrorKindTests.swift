import CmocModel
import Testing

@testable import CmocPseudonymise

/// The kinds of false name the third-party detector used to make on transcripts (sentence starts
/// it missed, pronouns, fillers, family words, plurals, acronyms, bare street words), each with
/// the real names next to them that must still be caught. Texts are shaped like ingest's
/// utterances: field-note lines joined by a space.
struct ErrorKindTests {
    /// Rows: kind of error, text, words that must not be replaced, words that must be.
    static let rows: [(String, String, [String], [String])] = [
        (
            "word after a clock time",
            "Tuesday 4 March 2025. 08:40 Arrive. Bronwen meets me at reception. 10:15 Coffee in the kitchen.",
            ["Arrive", "Coffee"], ["Bronwen"]
        ),
        (
            "clock time with seconds",
            "[00:04:25] Second thing is the rota. 11:00 Third appointment cancelled.", ["Second", "Third"], []
        ),
        ("sentence end inside brackets", "New patient. (Consented.) Much of the session is with Yusuf.", ["Much"], ["Yusuf"]),
        (
            "cover-sheet field label",
            "Interview: S1-INT-04 (patient) Location: participant's home Consent form signed: yes",
            ["Consent"], []
        ),
        ("field label after a joined line", "Observer: RES-1 Date of visit: 13 March 2025", ["Date"], []),
        ("plural agent noun as a label", "site S2 Facilitators: RES-1 (lead), RES-2 (notes)", ["Facilitators"], []),
        ("utterance start", "Much better. Really. Kirsty rang me.", ["Much"], ["Kirsty"]),
        ("interjection", "Hmm. At the start she gave me a paper.", ["Hmm"], []),
        ("filler mid-text", "and then, Erm, Declan came round", ["Erm"], ["Declan"]),
        ("pronoun after a relation and a full stop", "that was our Jordan, my grandson. He's picking Declan up.", ["He"], ["Jordan", "Declan"]),
        ("pronoun I before a full stop", "Where was I. Yes. Can I give you an example?", ["I", "Yes"], []),
        ("family word in quotes", "Kirsty put it in my phone as \"Mum mobile\".", ["Mum"], ["Kirsty"]),
        ("family word mid-sentence", "I went round to see Nan and Dad on Sunday with Winston", ["Nan", "Dad"], ["Winston"]),
        ("quotation opening", "Item 4 on the agenda is \"Social prescribing - quarterly update\".", ["Social"], []),
        ("quotation with a name", "the sign says \"Social Prescribing - Bronwen\" in Comic Sans", ["Social"], ["Bronwen"]),
        ("plural acronym", "Someone wanted a sick note and the GPs were full.", ["GPs"], []),
        ("plural weekday", "a locum who comes on Fridays, and a club on Thursdays", ["Fridays", "Thursdays"], []),
        ("health-service product", "She records on SystmOne, and sends numbers to the PCN.", ["SystmOne", "PCN"], []),
        ("all-caps acronym of six letters", "She asks him the WEMWBS questions and the CAMHS ones.", ["WEMWBS", "CAMHS"], []),
        ("mixed-case measure", "So she records MYCaW at the start, and ONS4.", ["MYCaW", "ONS4"], []),
        ("hyphenated common words", "no agreed system. Mid-level deprivation; assets patchy.", ["Mid-level"], []),
        ("region", "one of the most deprived areas in the North West. Everyone", ["North", "West"], []),
        ("all-caps heading", "FOCUS GROUP - practice staff - site S2", ["FOCUS", "GROUP"], []),
        ("bare street word", "the food bank on Gasworks Street first, then Tannery Lane food bank", [], ["Gasworks Street", "Tannery Lane"]),
        ("name that is a word, after a relation", "And my neighbour Rose, she comes too.", [], ["Rose"]),
        ("name that is a word, with an affiliation", "We got him to the shed. Bill from the men's shed came.", [], ["Bill"]),
        ("name that is a word, mid-sentence", "There's a men's shed now, Will from the housing association set it up.", [], ["Will"]),
        ("relation cue", "He mentions that his son Gareth has noticed the change.", [], ["Gareth"]),
    ]

    @Test(arguments: rows)
    func detectsOnlyNames(_ kind: String, _ text: String, _ kept: [String], _ caught: [String]) {
        let spans = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        let names = spans.filter { $0.1.isName }.map(\.0)
        for word in kept {
            #expect(!names.contains { $0.split(separator: " ").contains(Substring(word)) }, "\(kind): \(word) in \(names)")
        }
        for name in caught {
            #expect(names.contains { $0.contains(name) }, "\(kind): \(name) missing from \(names)")
        }
    }

    /// Rows: text, detected span and its kind (a relation cue makes a person, not a place).
    @Test(arguments: [
        ("his son Gareth has noticed", "Gareth", EntityKind.person),
        ("lives at 42 Tannery Lane, Marlbeck", "42 Tannery Lane", .address),
        ("the third of July, 1951. My NHS", "third of July, 1951", .date),
        ("born on the twenty-first of May 1960", "twenty-first of May 1960", .date),
    ])
    func kinds(_ text: String, _ span: String, _ kind: EntityKind) {
        let spans = Fixture.spans(text, Fixture.pseudonymiser(registry: Registry()))
        #expect(spans.contains { $0.0 == span && $0.1 == kind }, "\(spans)")
    }

    /// Rows: text, the byte offset of a word, whether the tokeniser calls it a sentence start.
    @Test(arguments: [
        ("08:40 Arrive", "Arrive", true), ("at 8:40 Arrive", "Arrive", true), ("[00:04:25] Second", "Second", true),
        ("(Consented.) Much", "Much", true), ("room 12 Much", "Much", false), ("ratio 3:1 Much", "Much", false),
        ("at 12:30pm Much", "Much", false),
    ])
    func sentenceStarts(_ text: String, _ word: String, _ expected: Bool) {
        let tokens = TextBytes.tokenize(Array(text.utf8))
        let bytes = Array(text.utf8)
        let token = tokens.first { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) == word }
        #expect(token?.sentenceStart == expected)
    }

    /// Candidates found by a title, cue or pattern carry strong evidence; capitals alone do not.
    @Test(arguments: [
        ("my neighbour Rose came", "Rose", true), ("Dr Patel saw her", "Dr Patel", true),
        ("down Acacia Avenue past", "Acacia Avenue", true), ("we talked to Zbigniew then", "Zbigniew", false),
        ("Bill from the men's shed came", "Bill", false),
    ])
    func strongEvidence(_ text: String, _ span: String, _ strong: Bool) {
        let bytes = Array(text.utf8)
        let detection = Fixture.pseudonymiser(registry: Registry()).detect(text).first {
            String(decoding: bytes[$0.span.start..<$0.span.end], as: UTF8.self) == span
        }
        #expect(detection?.strongEvidence == strong)
    }
}
