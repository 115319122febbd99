import CmocModel
import Foundation

@testable import CmocPseudonymise

/// Shared fixtures: a small registry written in code (no real people), and helpers.
enum Fixture {
    static let registry = Registry(
        participants: [
            Participant(id: "LW-A1", name: "Lucy Walker", aliases: ["Lu", "Lucy W"], role: "link_worker", site: "S1"),
            Participant(id: "GP-A1", name: "Dr Hope Mill", role: "gp", site: "S1"),
            Participant(id: "PT-A2", name: "Siobhan O'Neill", role: "patient", site: "S1"),
            Participant(id: "PM-B1", name: "Anna-Marie Grey-Jones", role: "practice_manager", site: "S2"),
        ],
        participantLines: [2, 3, 4, 5],
        sites: [Site(id: "S1", name: "Riverside Medical Centre"), Site(id: "S2", name: "Elm Tree Surgery")],
        places: ["Little Hatherby"])

    static func pseudonymiser(partialNames: Bool = true, thirdParty: Bool = true, registry: Registry = registry) -> Pseudonymiser {
        var options = PseudonymiserOptions()
        options.partialNames = partialNames
        options.thirdParty = thirdParty
        // Building a pseudonymiser from an in-code registry cannot fail.
        return (try? Pseudonymiser(registry: registry, options: options)) ?? fallback
    }

    private static let fallback: Pseudonymiser = {
        do { return try Pseudonymiser() } catch { fatalError("\(error)") }
    }()

    /// Replaced substrings of `text` with their kinds.
    static func spans(_ text: String, _ pseudonymiser: Pseudonymiser) -> [(String, EntityKind, String?)] {
        let bytes = Array(text.utf8)
        return pseudonymiser.detect(text).map {
            (String(decoding: bytes[$0.span.start..<$0.span.end], as: UTF8.self), $0.kind, $0.participantID)
        }
    }

    /// NHS number from nine digits plus the computed modulus-11 check digit (nil when the check is 10).
    static func nhsNumber(_ nine: String) -> String? {
        let digits = nine.compactMap { $0.wholeNumberValue }
        var sum = 0
        for (index, digit) in digits.enumerated() { sum += digit * (10 - index) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        if check == 10 { return nil }
        return nine + String(check)
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-pseudo-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `../shared/data` beside the repository (nil when absent).
    static var sharedData: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
