import CmocModel
import Crypto
import Foundation

/// Per-document stage results kept between runs in `<output>/cache/`, so that a re-run after a
/// codebook edit re-codes without re-reading or re-pseudonymising, and a run with nothing changed
/// only reassembles evidence and reports.
///
/// Holds pseudonymised text only, never an original; the leak guard scans it like any output.
/// An entry is reused when its `segmentKey` (file content, manifest row, ingest and pseudonymise
/// settings, registry, cmoc version) matches and the key file is the one the cache was made with
/// (`keyState`); its code hits are reused when the codebook is unchanged too.
struct DocumentCache: Sendable {
    struct Entry: Codable, Sendable {
        var segmentKey: String
        var codebookHash: String
        var format: String
        var encoding: String
        var speakers: Int
        var attributedTurns: Int
        var warnings: [Diagnostic]
        var document: SegmentedDocument
        var hits: [CodeHit]
    }

    let folder: URL

    init(output: URL) { folder = output.appendingPathComponent(OutputFolder.cacheFolder) }

    var stateURL: URL { folder.appendingPathComponent("key-state") }

    func url(for id: String) -> URL {
        // Document ids come from the manifest; keep file names to a safe alphabet.
        let safe = id.unicodeScalars.map { c -> String in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "."
                ? String(c) : String(format: "%%%02X", c.value)
        }.joined()
        return folder.appendingPathComponent("docs/\(safe).cache")
    }

    /// The key state the entries were made with; nil when unknown (first run, or a run that stopped).
    func keyState() -> String? {
        FileManager.default.contents(atPath: stateURL.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Forgets the key state: entries written from now on are valid only once `seal` records the
    /// key they were made with, so a run that stops half-way leaves nothing misleading.
    func unseal() { try? FileManager.default.removeItem(at: stateURL) }

    func seal(keyState: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(keyState.utf8).write(to: stateURL, options: .atomic)
    }

    /// An entry on disk: a JSON header (everything but the text, turns without their text), a
    /// newline, then the document's text as raw UTF-8. Turn texts are cut back out of it by their
    /// spans, so the text is stored once and never escaped.
    func load(_ id: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: url(for: id).path),
            let newline = data.firstIndex(of: 0x0A),
            var entry = try? JSONDecoder().decode(Entry.self, from: data[data.startIndex..<newline])
        else { return nil }
        let text = data[(newline + 1)...]
        entry.document.text = String(decoding: text, as: UTF8.self)
        let base = text.startIndex
        for i in entry.document.turns.indices {
            let span = entry.document.turns[i].span
            guard span.start >= 0, span.end <= text.count, span.start <= span.end else { return nil }
            entry.document.turns[i].text = String(decoding: text[(base + span.start)..<(base + span.end)], as: UTF8.self)
        }
        return entry
    }

    func store(_ entry: Entry, id: String) throws {
        let target = url(for: id)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        var header = entry
        header.document.text = ""
        for i in header.document.turns.indices { header.document.turns[i].text = "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(header)
        data.append(0x0A)
        data.append(contentsOf: entry.document.text.utf8)
        try data.write(to: target, options: .atomic)
    }

    /// SHA-256 of the parts, joined unambiguously.
    static func key(_ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Data("\(part.utf8.count):".utf8))
            hasher.update(data: Data(part.utf8))
        }
        return PipelineRunner.hex(hasher.finalize())
    }
}
