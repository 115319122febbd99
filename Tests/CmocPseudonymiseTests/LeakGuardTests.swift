import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// The leak guard finds planted names and reports file and line, never the name.
struct LeakGuardTests {
    @Test func findsPlantedLeakWithoutNamingIt() throws {
        let folder = Fixture.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let site = out.appendingPathComponent("sites/S1")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try "clean line\nLW-A1 said [PERSON-1] helped\n".write(
            to: site.appendingPathComponent("clean.md"), atomically: true, encoding: .utf8)
        try "row one\nrow two\nthen siobhan\nagreed\n".write(
            to: site.appendingPathComponent("matrix.md"), atomically: true, encoding: .utf8)
        var key = PseudonymKey()
        key.assign(Fixture.pseudonymiser().detect("Zbigniew rang."), documentID: "D")
        try "fine\nZBIGNIEW\n".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let findings = try LeakGuard(registry: Fixture.registry, key: key).scan(directory: out)
        let messages = findings.map(\.description)
        #expect(messages.contains { $0.hasSuffix("out/sites/S1/matrix.md:3: a registered name appears (registry row 4)") }, "\(messages)")
        #expect(messages.contains { $0.hasSuffix("out/notes.txt:2: a registered name appears (key entry [PERSON-1])") }, "\(messages)")
        #expect(!messages.contains { $0.contains("clean.md") })
        for message in messages {
            #expect(!message.lowercased().contains("siobhan"))
            #expect(!message.lowercased().contains("zbigniew"))
        }
    }

    @Test(arguments: [
        ("Walker", 1), ("walkers", 0), ("Lu", 0), ("the mill", 1), ("Anna-Marie", 1), ("Riverside Medical Centre", 1),
        ("nothing here", 0),
    ])
    func wholeWordsOfThreeOrMore(_ text: String, _ expected: Int) {
        let guardian = LeakGuard(registry: Fixture.registry, key: PseudonymKey())
        #expect(guardian.scan(text: text, file: "t").count == expected)
    }

    @Test func nameInFileNameIsReportedWithoutPath() throws {
        let folder = Fixture.temporaryFolder()
        try "ok\n".write(to: folder.appendingPathComponent("walker-notes.txt"), atomically: true, encoding: .utf8)
        let findings = try LeakGuard(registry: Fixture.registry, key: PseudonymKey()).scan(directory: folder)
        #expect(findings.count == 1)
        #expect(findings.first?.line == 0)
        #expect(findings.first?.description.contains("walker") == false)
    }
}
