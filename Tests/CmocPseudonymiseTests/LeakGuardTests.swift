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

    /// The policy for key originals beyond the registry. Rows: text detected (fills the key),
    /// output text scanned, findings expected.
    static let keyPolicy: [(String, String, Int, String)] = [
        ("we talked to Zbigniew yesterday", "then Zbigniew rang", 1, "a name as written"),
        ("we talked to Zbigniew yesterday", "ZBIGNIEW RANG", 1, "a name in capitals"),
        ("we talked to Zbigniew yesterday", "a zbigniew-shaped word", 0, "a name in lower case"),
        ("and then Will said no", "Will you come? I will.", 0, "an ordinary word, no cue"),
        ("And my neighbour Rose, she comes too.", "Rose came round", 1, "an ordinary word after a cue"),
        ("And my neighbour Rose, she comes too.", "the rose garden", 0, "a cued word in lower case"),
        ("the food bank on Gasworks Street first", "on Gasworks Street", 1, "a street pattern"),
        ("the food bank on Gasworks Street first", "the gasworks street", 0, "a street in lower case"),
        ("we talked to Zbigniew Pemberton-Ashby then", "Ashby said", 1, "part of a hyphenated original"),
        ("There's a shed now, Will from the council set it up", "then Will rang", 0, "an affiliation is no strong cue"),
    ]

    @Test(arguments: keyPolicy)
    func keyOriginalsPolicy(_ detected: String, _ output: String, _ expected: Int, _ rule: String) {
        var key = PseudonymKey()
        key.assign(Fixture.pseudonymiser(registry: Registry()).detect(detected), documentID: "D")
        let guardian = LeakGuard(registry: Registry(), key: key)
        #expect(guardian.scan(text: output, file: "t").count == expected, "\(rule): \(key.originals.map(\.pseudonym))")
    }

    /// Registry names and aliases stay matched in any case.
    @Test(arguments: ["then siobhan rang", "SIOBHAN", "Siobhan", "o'neill said"])
    func registryNamesAnyCase(_ text: String) {
        let guardian = LeakGuard(registry: Fixture.registry, key: PseudonymKey())
        #expect(guardian.scan(text: text, file: "t").count == 1)
    }

    /// Contents already scanned (as the pipeline does for each report once it is written) are
    /// taken as given and labelled as the folder scan labels them; names are still checked.
    @Test func contentsScannedEarlyGiveTheSameFindings() throws {
        let folder = Fixture.temporaryFolder()
        try "one\nthen siobhan\n".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "fine\n".write(to: folder.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try "ok\nWalker\n".write(to: folder.appendingPathComponent("walker-notes.txt"), atomically: true, encoding: .utf8)
        let guardian = LeakGuard(registry: Fixture.registry, key: PseudonymKey())
        let whole = try guardian.scan(directory: folder, jobs: 2)
        var early: [String: [LeakFinding]] = [:]
        for name in ["a.txt", "walker-notes.txt"] {
            let found: [LeakFinding] = try #require(guardian.scanContents(of: folder.appendingPathComponent(name), file: name))
            early[name] = found
        }
        #expect(try guardian.scan(directory: folder, contentsScanned: early) == whole)
        #expect(whole.map(\.line) == [2, 0, 2], "\(whole)")
        #expect(!whole.contains { $0.description.contains("walker") })
        // Given contents are used as they are, not read again.
        let planted = ["b.txt": [LeakFinding(file: "b.txt", line: 7, source: "a planted finding")]]
        let withPlanted = try guardian.scan(directory: folder, contentsScanned: planted)
        #expect(withPlanted.contains { $0.line == 7 && $0.file.hasSuffix("/b.txt") })
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
