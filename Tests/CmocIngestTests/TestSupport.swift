import CmocModel
import Foundation
import Testing

@testable import CmocIngest

/// Small helpers shared by the ingest tests.
enum TestSupport {
    static func read(
        _ text: String, as name: String = "doc.txt", options: IngestOptions = IngestOptions()
    ) throws -> SourceDocument {
        try Ingest.read(bytes: Array(text.utf8), displayName: name, id: "doc", options: options)
    }

    static func read(bytes: [UInt8], as name: String, options: IngestOptions = IngestOptions()) throws -> SourceDocument {
        try Ingest.read(bytes: bytes, displayName: name, id: "doc", options: options)
    }

    /// The diagnostic thrown by reading `bytes`, or nil when reading succeeded.
    static func failure(
        bytes: [UInt8], as name: String, options: IngestOptions = IngestOptions()
    ) -> Diagnostic? {
        do {
            _ = try Ingest.read(bytes: bytes, displayName: name, id: "doc", options: options)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    static func failure(_ text: String, as name: String, options: IngestOptions = IngestOptions()) -> Diagnostic? {
        failure(bytes: Array(text.utf8), as: name, options: options)
    }

    /// A fixture file from `Fixtures/`.
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return [UInt8](try Data(contentsOf: url))
    }

    struct FixtureMissing: Error { var name: String }
}

/// One expected unit: speaker, text, start.
struct Unit: Equatable, CustomStringConvertible {
    var speaker: String?
    var text: String
    var start: Double?

    init(_ speaker: String?, _ text: String, _ start: Double? = nil) {
        self.speaker = speaker
        self.text = text
        self.start = start
    }

    init(_ u: Utterance) { self.init(u.speaker, u.text, u.start) }

    var description: String { "(\(speaker ?? "nil"), \"\(text)\", \(start.map { "\($0)" } ?? "nil"))" }
}
