import CmocModel
import Foundation
import Testing

@testable import CmocPseudonymise

/// The key file: mode 0600, kept out of the output folder, refused when loose, sealed when asked,
/// stable across runs.
struct KeyTests {
    func mode(_ url: URL) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes?[.posixPermissions] as? Int) ?? -1
    }

    func sampleKey() -> PseudonymKey {
        let pseudonymiser = Fixture.pseudonymiser()
        var key = PseudonymKey()
        key.assign(pseudonymiser.detect("Zbigniew met Lucy Walker in Harrogate. NHS 9434765918."), documentID: "D1")
        return key
    }

    @Test func savesWithOwnerOnlyMode() throws {
        let folder = Fixture.temporaryFolder()
        let url = folder.appendingPathComponent("key.json")
        try sampleKey().save(to: url, outputDirectory: folder.appendingPathComponent("out"), passphrase: nil)
        #expect(mode(url) == 0o600)
        #expect(mode(PseudonymKey.reviewURL(for: url)) == 0o600)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("[PERSON-1]"))
    }

    @Test(arguments: ["out/key.json", "out/sub/../key.json", "out/./deeper/key.json"])
    func refusesKeyInsideOutput(_ relative: String) throws {
        let folder = Fixture.temporaryFolder()
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output.appendingPathComponent("deeper"), withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: folder.path + "/" + relative)
        #expect(throws: DiagnosticError.self) {
            try sampleKey().save(to: url, outputDirectory: output, passphrase: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func refusesKeyInsideOutputThroughSymlink() throws {
        let folder = Fixture.temporaryFolder()
        let output = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let link = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: output)
        do {
            try sampleKey().save(to: link.appendingPathComponent("key.json"), outputDirectory: output, passphrase: nil)
            Issue.record("a key inside the output folder via a symlink was accepted")
        } catch {
            #expect(error.description.contains("inside the output folder"))
        }
    }

    @Test(arguments: [0o640, 0o604, 0o660, 0o644])
    func refusesLooseExistingKey(_ permissions: Int) throws {
        let folder = Fixture.temporaryFolder()
        let url = folder.appendingPathComponent("key.json")
        try sampleKey().save(to: url, outputDirectory: nil, passphrase: nil)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url.path)
        #expect(throws: DiagnosticError.self) { _ = try PseudonymKey.load(at: url, passphrase: nil) }
        #expect(throws: DiagnosticError.self) { try sampleKey().save(to: url, outputDirectory: nil, passphrase: nil) }
    }

    @Test func encryptionRoundTripAndWrongPassphrase() throws {
        let folder = Fixture.temporaryFolder()
        let url = folder.appendingPathComponent("key.json")
        let key = sampleKey()
        try key.save(to: url, outputDirectory: nil, passphrase: "correct horse battery staple")
        let raw = try String(contentsOf: url, encoding: .utf8)
        #expect(raw.contains("AES-256-GCM"))
        #expect(!raw.contains("Zbigniew"))
        let loaded = try PseudonymKey.load(at: url, passphrase: "correct horse battery staple")
        #expect(loaded == key)
        do {
            _ = try PseudonymKey.load(at: url, passphrase: "wrong")
            Issue.record("a wrong passphrase opened the key")
        } catch {
            #expect(error.description.contains("passphrase does not open"))
        }
        #expect(throws: DiagnosticError.self) { _ = try PseudonymKey.load(at: url, passphrase: nil) }
    }

    @Test(arguments: [(["CMOC_KEY_PASSPHRASE": "s3cret"], "s3cret"), (["CMOC_KEY_PASSPHRASE": ""], nil), ([:], nil)] as [([String: String], String?)])
    func passphraseFromEnvironment(_ environment: [String: String], _ expected: String?) {
        #expect(PseudonymKey.passphraseFromEnvironment(environment) == expected)
    }

    @Test func pseudonymsStableAcrossRuns() throws {
        let folder = Fixture.temporaryFolder()
        let url = folder.appendingPathComponent("key.json")
        let pseudonymiser = Fixture.pseudonymiser()
        let first = "Zbigniew rang Priyanka in Harrogate."
        var key = try PseudonymKey.load(at: url, passphrase: nil)
        let firstDetections = pseudonymiser.detect(first)
        key.assign(firstDetections, documentID: "D1")
        let firstOutput = pseudonymise(text: first, detections: firstDetections, key: key)
        try key.save(to: url, outputDirectory: nil, passphrase: nil)

        // Second run: a new name first, then the old ones; old pseudonyms hold, the new one is next.
        var again = try PseudonymKey.load(at: url, passphrase: nil)
        let second = "Oluwaseun and Priyanka met Zbigniew."
        let secondDetections = pseudonymiser.detect(second)
        again.assign(secondDetections, documentID: "D2")
        #expect(pseudonymise(text: first, detections: firstDetections, key: again) == firstOutput)
        #expect(firstOutput == "[PERSON-1] rang [PERSON-2] in [PLACE-1].")
        #expect(pseudonymise(text: second, detections: secondDetections, key: again) == "[PERSON-3] and [PERSON-2] met [PERSON-1].")
    }

    @Test func uncertainDetectionsGoToReviewBesideKey() throws {
        let folder = Fixture.temporaryFolder()
        let url = folder.appendingPathComponent("key.json")
        let key = sampleKey()
        #expect(key.review.contains { $0.kind == .nhsNumber && $0.original == "9434765918" })
        try key.save(to: url, outputDirectory: folder.appendingPathComponent("out"), passphrase: nil)
        let loaded = try PseudonymKey.load(at: url, passphrase: nil)
        #expect(loaded.review == key.review)
    }

    @Test func participantsUseTheirIDAndIdentifiersTheirTag() {
        let key = sampleKey()
        let detections = Fixture.pseudonymiser().detect("Lucy Walker, 07700 900123")
        #expect(detections.map { key.replacement(for: $0) } == ["LW-A1", "[PHONE]"])
    }
}
