import CmocModel
import Foundation

/// A registered name or key original found in an output file. Says where and which registry row
/// or pseudonym, never the name.
public struct LeakFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, as the directory path given plus the path inside it.
    public var file: String
    /// 1-based line; 0 when the name is in the file's name.
    public var line: Int
    /// `registry row 4`, `site S1`, `places list entry 2`, `key entry [PERSON-3]`.
    public var source: String

    public var description: String {
        line == 0
            ? "\(file): a registered name appears in the file name (\(source))"
            : "\(file):\(line): a registered name appears (\(source))"
    }
}

/// Scans output files for any registry name, alias, first name or surname (3+ characters, whole
/// word, any case) and any original in the key. Run it over every output directory before sharing.
public struct LeakGuard: Sendable {
    private var table = SequenceTable<String>()

    public init(registry: Registry, key: PseudonymKey) {
        let lexicon = Lexicon.shared
        for (index, person) in registry.participants.enumerated() {
            let line = index < registry.participantLines.count ? registry.participantLines[index] : 0
            let source = line > 0 ? "registry row \(line)" : "participant \(person.id)"
            for variant in [person.name] + person.aliases {
                add(variant, source)
                for word in RegistryMatcher.words(variant) where !lexicon.facts(TextBytes.hash(word)).contains(.title) {
                    add(word, source)
                }
            }
        }
        for site in registry.sites { add(site.name, "site \(site.id)") }
        for (index, place) in registry.places.enumerated() { add(place, "places list entry \(index + 1)") }
        for (pseudonym, original) in key.originals { add(original, "key entry \(pseudonym)") }
    }

    private mutating func add(_ text: String, _ source: String) {
        guard text.unicodeScalars.filter({ $0.properties.isAlphabetic }).count >= 3 else { return }
        table.add(String(decoding: LeakGuard.splittingJoiners(Array(text.utf8)), as: UTF8.self), source)
        // Each part of a hyphenated name is a name too (`Anna-Marie` -> `Anna`, `Marie`).
        if text.contains("-") {
            for part in text.split(separator: "-") where part.unicodeScalars.filter({ $0.properties.isAlphabetic }).count >= 3 {
                table.add(String(part), source)
            }
        }
    }

    /// Hyphens, underscores and dots as spaces (same length, so lines and offsets hold): a name
    /// inside `walker-notes.txt` or `Walker_2024` is still a whole word.
    static func splittingJoiners(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { $0 == 0x2D || $0 == 0x5F || $0 == 0x2E ? 0x20 : $0 }
    }

    /// Findings in one text (`file` names it in the findings).
    public func scan(text: String, file: String) -> [LeakFinding] {
        scan(bytes: Array(text.utf8), file: file)
    }

    func scan(bytes: [UInt8], file: String) -> [LeakFinding] {
        guard !table.isEmpty else { return [] }
        let bytes = LeakGuard.splittingJoiners(bytes)
        let tokens = TextBytes.tokenize(bytes)
        var findings: [LeakFinding] = []
        var i = 0
        while i < tokens.count {
            if let hit = table.longestMatch(at: i, tokens, bytes, accept: { values, _ in values.first }) {
                let finding = LeakFinding(file: file, line: tokens[i].line + 1, source: hit.result)
                if findings.last != finding { findings.append(finding) }
                i += hit.length
            } else {
                i += 1
            }
        }
        return findings
    }

    /// Every finding under `directory` (files in path order), file names included.
    public func scan(directory: URL) throws(DiagnosticError) -> [LeakFinding] {
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw PseudonymiseError.fileUnreadable(path: directory.path, reason: "not a readable folder").error
        }
        let base = directory.standardizedFileURL.pathComponents
        var files: [(relative: String, url: URL)] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let parts = url.standardizedFileURL.pathComponents
            let relative = parts.count > base.count ? parts[base.count...].joined(separator: "/") : url.lastPathComponent
            files.append((relative, url))
        }
        files.sort { $0.relative < $1.relative }
        let shown = directory.relativePath
        var findings: [LeakFinding] = []
        for (number, file) in files.enumerated() {
            let display = "\(shown)/\(file.relative)"
            let nameHits = scan(bytes: Array(file.relative.utf8), file: display)
            let safeName = "\(shown)/(file \(number + 1) of \(files.count))"
            findings += nameHits.map { LeakFinding(file: safeName, line: 0, source: $0.source) }
            guard let data = fileManager.contents(atPath: file.url.path) else {
                throw PseudonymiseError.fileUnreadable(path: display, reason: "cannot read").error
            }
            findings += scan(bytes: [UInt8](data), file: nameHits.isEmpty ? display : safeName)
        }
        return findings
    }
}
