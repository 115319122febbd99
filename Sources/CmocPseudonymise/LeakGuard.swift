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

/// Scans output files for names that should have been replaced, and reports where (never what).
///
/// Matching policy:
/// - Registry names, aliases, their first names and surnames, site names and the places list
///   (3+ letters): whole words, any case (`siobhan`, `SIOBHAN`). The registry promises these are
///   not ordinary words, so any-case matching gives no false alarms.
/// - Originals the detector found beyond the registry (third-party names, places, organisations
///   in the key): whole words, case-sensitive as written, or in all capitals (`Kirsty`,
///   `KIRSTY`, not `kirsty`). An original whose words are all ordinary words (the `wbritish`
///   common-word list: `Will`, `Reading`, `Hope`) is skipped unless some mention of it was found
///   by strong evidence (a title, a cue such as `my neighbour Rose`, a street or organisation
///   pattern), because a capitalised common word at a sentence start is no leak.
public struct LeakGuard: Sendable {
    /// A key original to match as written.
    struct ExactName: Sendable {
        var source: String
        /// The original's words (joiners as spaces), byte for byte.
        var words: [[UInt8]]
    }

    private(set) var table = SequenceTable<String>()
    private(set) var exact = SequenceTable<ExactName>()
    /// First words of both tables: the one look-up most tokens need.
    private var firstWords = WordSet()

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
        for (pseudonym, entry) in key.pseudonyms.sorted(by: { $0.key < $1.key }) {
            let source = "key entry \(pseudonym)"
            let strong = entry.strongEvidence == true
            var texts = [entry.original]
            // Each part of a hyphenated name is a name too (`Pemberton-Ashby` -> `Ashby`).
            if entry.original.contains("-") { texts += entry.original.split(separator: "-").map(String.init) }
            for text in texts where LeakGuard.letterCount(text) >= 3 {
                if !strong && LeakGuard.isOrdinary(text, lexicon) { continue }
                addExact(text, source)
            }
        }
        for (hash, _) in table.maxLength.pairs + exact.maxLength.pairs { firstWords.insert(hash) }
    }

    static func letterCount(_ text: String) -> Int {
        text.unicodeScalars.filter({ $0.properties.isAlphabetic }).count
    }

    /// Every word is an ordinary dictionary word (`North West`, `Will`, `Mid-level`).
    static func isOrdinary(_ text: String, _ lexicon: Lexicon) -> Bool {
        let bytes = splittingJoiners(Array(text.utf8))
        let tokens = TextBytes.tokenize(bytes)
        return !tokens.isEmpty && tokens.allSatisfy { lexicon.facts($0.hash).contains(.common) }
    }

    private mutating func add(_ text: String, _ source: String) {
        guard LeakGuard.letterCount(text) >= 3 else { return }
        table.add(String(decoding: LeakGuard.splittingJoiners(Array(text.utf8)), as: UTF8.self), source)
        // Each part of a hyphenated name is a name too (`Anna-Marie` -> `Anna`, `Marie`).
        if text.contains("-") {
            for part in text.split(separator: "-") where LeakGuard.letterCount(String(part)) >= 3 {
                table.add(String(part), source)
            }
        }
    }

    private mutating func addExact(_ text: String, _ source: String) {
        let bytes = LeakGuard.splittingJoiners(Array(text.utf8))
        let words = TextBytes.tokenize(bytes).map { Array(bytes[$0.start..<$0.end]) }
        guard !words.isEmpty else { return }
        exact.add(String(decoding: bytes, as: UTF8.self), ExactName(source: source, words: words))
    }

    /// The `length` tokens at `i` spell `name` as written or in all capitals.
    static func spells(_ name: ExactName, _ tokens: [Token], at i: Int, length: Int, _ bytes: [UInt8]) -> Bool {
        guard name.words.count == length else { return false }
        var asWritten = true
        var capitals = true
        for (k, word) in name.words.enumerated() {
            let token = tokens[i + k]
            guard token.end - token.start == word.count else { return false }
            for (offset, b) in word.enumerated() {
                let c = bytes[token.start + offset]
                if c != b { asWritten = false }
                let upper = b >= 0x61 && b <= 0x7A ? b - 0x20 : b
                if c != upper { capitals = false }
            }
        }
        return asWritten || capitals
    }

    /// Hyphens, underscores and dots as spaces (same length, so lines and offsets hold): a name
    /// inside `walker-notes.txt` or `Walker_2024` is still a whole word.
    static func splittingJoiners(_ bytes: [UInt8]) -> [UInt8] { splittingJoiners(bytes[...]) }

    static func splittingJoiners(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = Array(bytes)
        out.withUnsafeMutableBufferPointer { buffer in
            for k in buffer.indices {
                let b = buffer[k]
                if b == 0x2D || b == 0x5F || b == 0x2E { buffer[k] = 0x20 }
            }
        }
        return out
    }

    /// Line ends in `bytes`.
    static func lineEnds(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            for b in buffer where b == 0x0A { count += 1 }
            return count
        }
    }

    /// Findings in one text (`file` names it in the findings).
    public func scan(text: String, file: String) -> [LeakFinding] {
        scan(bytes: Array(text.utf8), file: file)
    }

    /// Bytes scanned at once: a large output (segments.csv on a big corpus) is read in blocks of
    /// whole lines, each overlapping the next by one line so a name broken across the block's last
    /// line end is still seen, and only one block's tokens are held at a time.
    static let blockSize = 1 << 20

    func scan(bytes: [UInt8], file: String) -> [LeakFinding] {
        guard !table.isEmpty || !exact.isEmpty else { return [] }
        guard bytes.count > 2 * Self.blockSize else { return scanBlock(bytes, file: file) }
        var findings: [LeakFinding] = []
        var start = 0
        var lineOffset = 0
        while start < bytes.count {
            var end = min(start + Self.blockSize, bytes.count)
            while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
            var overlap = end
            while overlap < bytes.count, bytes[overlap] != 0x0A { overlap += 1 }
            overlap = min(overlap + 1, bytes.count)
            let ownLines = LeakGuard.lineEnds(bytes[start..<end])
            for finding in scanBlock(bytes[start..<overlap], file: file) where finding.line <= max(ownLines, 1) {
                let shifted = LeakFinding(file: file, line: finding.line + lineOffset, source: finding.source)
                if findings.last != shifted { findings.append(shifted) }
            }
            lineOffset += ownLines
            start = end
        }
        return findings
    }

    /// Findings in a file read a few blocks at a time, so a large output is never wholly in memory;
    /// the same findings as `scan(bytes:)` over the whole file. Nil when the file cannot be read.
    func scan(fileAt url: URL, file: String) -> [LeakFinding]? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var atEnd = false
        var findings: [LeakFinding] = []
        var lineOffset = 0
        func fill() -> Bool {
            while !atEnd, pending.count < 3 * Self.blockSize {
                let chunk: Data?
                do { chunk = try handle.read(upToCount: Self.blockSize) } catch { return false }
                // nil or empty: the end of the file.
                if let chunk, !chunk.isEmpty { pending.append(contentsOf: chunk) } else { atEnd = true }
            }
            return true
        }
        while true {
            guard fill() else { return nil }
            // Own range: whole lines from the start to the first line end after one block; overlap: one line more.
            var end = min(Self.blockSize, pending.count)
            while end < pending.count, pending[end - 1] != 0x0A { end += 1 }
            var overlap = end
            while overlap < pending.count, pending[overlap] != 0x0A { overlap += 1 }
            if atEnd, end >= pending.count {
                for finding in scanBlock(pending, file: file) {
                    let shifted = LeakFinding(file: file, line: finding.line + lineOffset, source: finding.source)
                    if findings.last != shifted { findings.append(shifted) }
                }
                return findings
            }
            overlap = min(overlap + 1, pending.count)
            let ownLines = LeakGuard.lineEnds(pending[..<end])
            for finding in scanBlock(pending[..<overlap], file: file) where finding.line <= max(ownLines, 1) {
                let shifted = LeakFinding(file: file, line: finding.line + lineOffset, source: finding.source)
                if findings.last != shifted { findings.append(shifted) }
            }
            lineOffset += ownLines
            pending.removeFirst(end)
        }
    }

    /// Findings in one block. Tokens are read one at a time; only from a token that may start a
    /// name are the next few held, as many as the longest name has words.
    func scanBlock(_ bytes: [UInt8], file: String) -> [LeakFinding] { scanBlock(bytes[...], file: file) }

    func scanBlock(_ block: ArraySlice<UInt8>, file: String) -> [LeakFinding] {
        let bytes = LeakGuard.splittingJoiners(block)
        let depth = max(table.longest, exact.longest)
        var cursor = TokenCursor(bytes)
        // The tokens from the current one on that have been read (at most `depth`).
        var ahead: [Token] = []
        ahead.reserveCapacity(depth + 1)
        var exhausted = false
        var findings: [LeakFinding] = []
        while true {
            if ahead.isEmpty {
                guard let token = cursor.next() else { break }
                if !firstWords.contains(token.hash) { continue }
                ahead.append(token)
            } else if !firstWords.contains(ahead[0].hash) {
                ahead.removeFirst()
                continue
            }
            while ahead.count < depth && !exhausted {
                if let token = cursor.next() { ahead.append(token) } else { exhausted = true }
            }
            let hit =
                table.longestMatch(at: 0, ahead, bytes, accept: { values, _ in values.first })
                ?? exact.longestMatch(at: 0, ahead, bytes) { values, length in
                    values.first { LeakGuard.spells($0, ahead, at: 0, length: length, bytes) }?.source
                }
            if let hit {
                let finding = LeakFinding(file: file, line: ahead[0].line + 1, source: hit.result)
                if findings.last != finding { findings.append(finding) }
                ahead.removeFirst(hit.length)
            } else {
                ahead.removeFirst()
            }
        }
        return findings
    }

    /// Every finding under `directory` (files in path order), file names included.
    ///
    /// - Parameters:
    ///   - excluding: top-level sub-folders not to read (the pipeline's cache, which holds the same
    ///     pseudonymised text as `transcripts/`).
    ///   - jobs: files scanned at once.
    public func scan(directory: URL, excluding: Set<String> = [], jobs: Int = 1) throws(DiagnosticError) -> [LeakFinding] {
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
            if let top = relative.split(separator: "/").first, excluding.contains(String(top)), relative.contains("/") {
                continue
            }
            files.append((relative, url))
        }
        files.sort { $0.relative < $1.relative }
        let shown = directory.relativePath
        let results = ParallelSlots<Result<[LeakFinding], DiagnosticError>>(count: files.count)
        let scanOne: @Sendable (Int) -> Void = { [files] number in
            let file = files[number]
            let display = "\(shown)/\(file.relative)"
            let nameHits = self.scan(bytes: Array(file.relative.utf8), file: display)
            let safeName = "\(shown)/(file \(number + 1) of \(files.count))"
            var found = nameHits.map { LeakFinding(file: safeName, line: 0, source: $0.source) }
            guard let fileFindings = self.scan(fileAt: file.url, file: nameHits.isEmpty ? display : safeName) else {
                results.set(number, .failure(PseudonymiseError.fileUnreadable(path: nameHits.isEmpty ? display : safeName, reason: "cannot read").error))
                return
            }
            found += fileFindings
            results.set(number, .success(found))
        }
        if jobs > 1 {
            DispatchQueue.concurrentPerform(iterations: files.count, execute: scanOne)
        } else {
            for number in files.indices { scanOne(number) }
        }
        var findings: [LeakFinding] = []
        for result in results.values {
            switch result {
            case .success(let found): findings += found
            case .failure(let error): throw error
            case nil: break
            }
        }
        return findings
    }

}
