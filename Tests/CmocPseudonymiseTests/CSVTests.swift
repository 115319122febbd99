import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// The RFC 4180 reader and the registry files built on it.
struct CSVTests {
    @Test func quotedFieldsAndLineBreaks() throws {
        let text = "\u{FEFF}id,name,aliases\r\nLW-A1,\"Walker, Lucy\",\"Lu;\"\"Lou\"\"\"\r\nGP-A1,\"Hope\nMill\",\n"
        let table = try CSVTable.parse(text, file: "p.csv")
        #expect(table.header == ["id", "name", "aliases"])
        #expect(table.rows.map(\.fields) == [["LW-A1", "Walker, Lucy", "Lu;\"Lou\""], ["GP-A1", "Hope\nMill", ""]])
        #expect(table.rows.map(\.line) == [2, 3])
    }

    @Test(arguments: [
        ("id,name\nA,\"open\n", "p.csv:2:3"),
        ("id,name\nA,B\"C\n", "p.csv:2:4"),
        ("id,name\nA,\"B\"x\n", "p.csv:2:6"),
        ("id,name\nA,B,C\n", "p.csv:2:1"),
    ])
    func malformedRowsNameTheirPlace(_ text: String, _ location: String) {
        do {
            _ = try CSVTable.parse(text, file: "p.csv")
            Issue.record("malformed CSV accepted")
        } catch {
            #expect(error.description.hasPrefix(location), "\(error.description)")
        }
    }

    @Test func loadsRegistryFiles() throws {
        let folder = Fixture.temporaryFolder()
        let people = folder.appendingPathComponent("participants.csv")
        let sites = folder.appendingPathComponent("sites.csv")
        try "id,name,aliases,role,site\nLW-A1,Lucy Walker,Lu; Lucy W ,link_worker,S1\n".write(to: people, atomically: true, encoding: .utf8)
        try "id,name,region,deprivation_decile,integration_level\nS1,\"Riverside Medical Centre\",North,2,full\n".write(
            to: sites, atomically: true, encoding: .utf8)
        let registry = try Registry.load(participants: people, sites: sites, places: ["Leeds", " "])
        #expect(registry.participants == [Participant(id: "LW-A1", name: "Lucy Walker", aliases: ["Lu", "Lucy W"], role: "link_worker", site: "S1")])
        #expect(registry.participantLines == [2])
        #expect(registry.sites.first?.attributes == ["region": "North", "deprivation_decile": "2", "integration_level": "full"])
        #expect(registry.places == ["Leeds"])
    }

    @Test(arguments: [
        ("id,name\nLW-A1,A\nLW-A1,B\n", "participants.csv:3"),
        ("id,role\nLW-A1,gp\n", "participants.csv:1"),
        ("id,name\n,Someone\n", "participants.csv:2"),
    ])
    func registryErrorsPointAtRows(_ text: String, _ location: String) throws {
        let folder = Fixture.temporaryFolder()
        let people = folder.appendingPathComponent("participants.csv")
        try text.write(to: people, atomically: true, encoding: .utf8)
        do {
            _ = try Registry.load(participants: people, sites: nil)
            Issue.record("bad registry accepted")
        } catch {
            #expect(error.description.contains(location), "\(error.description)")
            #expect(!error.description.contains("Someone"))
        }
    }
}
