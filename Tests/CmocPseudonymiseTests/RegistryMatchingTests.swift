import CmocModel
import Testing

@testable import CmocPseudonymise

/// Registry matching variants: each row is a text, the exact span expected and the participant.
struct RegistryMatchingTests {
    static let rows: [(String, String, String)] = [
        ("I spoke to Lucy Walker today", "Lucy Walker", "LW-A1"),
        ("I spoke to LUCY WALKER today", "LUCY WALKER", "LW-A1"),
        ("i spoke to lucy walker today", "lucy walker", "LW-A1"),
        ("that was Lucy Walker's idea", "Lucy Walker", "LW-A1"),
        ("that was Lucy Walker’s idea", "Lucy Walker", "LW-A1"),
        ("the Walkers' idea, no: Walker' idea", "Walker", "LW-A1"),
        ("ask Lu about it", "Lu", "LW-A1"),
        ("ask Lucy W about it", "Lucy W", "LW-A1"),
        ("I met Lucy\nWalker there", "Lucy\nWalker", "LW-A1"),
        ("Dr Mill said so", "Dr Mill", "GP-A1"),
        ("Dr. Hope Mill said so", "Dr. Hope Mill", "GP-A1"),
        ("then Hope came in", "Hope", "GP-A1"),
        ("Mrs O'Neill is well", "Mrs O'Neill", "PT-A2"),
        ("Mrs O’Neill is well", "Mrs O’Neill", "PT-A2"),
        ("Nurse Siobhan rang", "Nurse Siobhan", "PT-A2"),
        ("Ms Grey-Jones agreed", "Ms Grey-Jones", "PM-B1"),
        ("Anna-Marie Grey-Jones agreed", "Anna-Marie Grey-Jones", "PM-B1"),
        ("Prof Walker wrote", "Prof Walker", "LW-A1"),
        ("Miss Walker wrote", "Miss Walker", "LW-A1"),
        ("Mr Walker wrote", "Mr Walker", "LW-A1"),
    ]

    @Test(arguments: rows)
    func matchesParticipant(_ text: String, _ expected: String, _ id: String) {
        let found = Fixture.spans(text, Fixture.pseudonymiser())
        #expect(found.contains { $0.0 == expected && $0.2 == id }, "\(found)")
    }

    /// With partial names off, a first name or surname alone is no registry match.
    @Test(arguments: [("then Walker said", "Walker"), ("ask Siobhan", "Siobhan")])
    func partialNamesSwitch(_ text: String, _ word: String) {
        let on = Fixture.spans(text, Fixture.pseudonymiser(partialNames: true, thirdParty: false))
        #expect(on.contains { $0.0 == word && $0.2 != nil })
        let off = Fixture.spans(text, Fixture.pseudonymiser(partialNames: false, thirdParty: false))
        #expect(!off.contains { $0.2 != nil })
    }

    /// A surname that is an ordinary word must be capitalised to match alone.
    @Test func ordinaryWordSurnameNeedsCapital() {
        let found = Fixture.spans("I hope the mill is open", Fixture.pseudonymiser(thirdParty: false))
        #expect(found.isEmpty, "\(found)")
    }

    @Test(arguments: [
        ("we met at Riverside Medical Centre", "Riverside Medical Centre", EntityKind.organisation),
        ("we met at elm tree surgery", "elm tree surgery", EntityKind.organisation),
        ("she lives in Little Hatherby now", "Little Hatherby", EntityKind.place),
    ])
    func sitesAndPlaces(_ text: String, _ expected: String, _ kind: EntityKind) {
        let found = Fixture.spans(text, Fixture.pseudonymiser(thirdParty: false))
        #expect(found.contains { $0.0 == expected && $0.1 == kind }, "\(found)")
    }

    @Test func labelsAndDeclaredNamesInDocument() {
        let document = SourceDocument(
            id: "D1", format: "tei",
            declaredSpeakers: [SpeakerDeclaration(id: "LUCY", name: "Lucy Walker"), SpeakerDeclaration(id: "INT", name: "Interviewer")],
            utterances: [
                Utterance(speaker: "LUCY", text: "Hello, I'm Lucy."),
                Utterance(speaker: "Interviewer", text: "Thanks Lucy. Did Dr Mill refer Mrs O'Neill?"),
                Utterance(speaker: "Dr Hope Mill", text: "I did."),
            ])
        let pseudonymiser = Fixture.pseudonymiser()
        let detections = pseudonymiser.detect(document: document)
        var key = PseudonymKey()
        key.assign(detections)
        let result = pseudonymise(document: document, detections: detections, key: key)
        #expect(result.document.utterances.map(\.speaker) == ["LW-A1", "Interviewer", "GP-A1"])
        #expect(result.speakerParticipants == ["LW-A1": "LW-A1", "GP-A1": "GP-A1"])
        #expect(result.document.utterances[1].text == "Thanks LW-A1. Did GP-A1 refer PT-A2?")
        #expect(result.document.declaredSpeakers[0].name == "LW-A1")
        #expect(result.document.declaredSpeakers[0].id == "LW-A1")
        #expect(result.document.declaredSpeakers[1].name == "Interviewer")
    }
}
