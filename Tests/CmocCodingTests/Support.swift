import CmocModel
import Foundation
import Testing
@testable import CmocCoding

/// Shared helpers: build codebooks from YAML snippets and documents from turns.
enum Fixture {
    /// A codebook with the given `codes:` body (indented list items).
    static func yaml(_ codes: String, header: String = "") -> String {
        "codebook: {id: test, version: \"1\"}\n\(header)codes:\n\(codes)"
    }

    static func compile(_ codes: String, header: String = "") throws -> CompiledCodebook {
        try CompiledCodebook(Codebook.parse(yaml: yaml(codes, header: header), file: "test.yml"))
    }

    /// A document of turns given as (role, text).
    static func document(_ turns: [(String?, String)]) -> SegmentedDocument {
        var all: [Turn] = []
        var text = ""
        for (index, (role, body)) in turns.enumerated() {
            let start = text.utf8.count
            text += body + "\n"
            all.append(
                Turn(
                    documentID: "T1", site: "S1", speaker: "P\(index)", role: role, index: index, text: body,
                    span: ByteSpan(start, start + body.utf8.count)))
        }
        return SegmentedDocument(id: "T1", site: "S1", dataType: "interview", format: "test", text: text, turns: all)
    }

    /// Hits rendered as `turn:code:[[marked]]:direction` for readable expectations.
    static func render(_ hits: [CodeHit], _ document: SegmentedDocument) -> [String] {
        hits.map { hit in
            let text = document.turns[hit.turnIndex].text
            return "\(hit.turnIndex):\(hit.codeID):\(ExampleRunner.mark(text, [hit.span])):\(hit.direction.rawValue)"
        }
    }

    /// Codes one sentence (role nil) and renders the hits of `code`.
    static func run(_ codes: String, _ text: String, code: String = "c", site: [String: String] = [:]) throws -> [String] {
        let compiled = try compile(codes)
        let document = document([(nil, text)])
        return render(compiled.code(document, siteAttributes: site).filter { $0.codeID == code }, document)
    }

    /// The package root (Tests/CmocCodingTests/Support.swift -> ../..).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Diagnostics thrown while parsing, as printed.
    static func errors(_ yaml: String) -> [String] {
        do {
            _ = try Codebook.parse(yaml: yaml, file: "cb.yml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }
}
