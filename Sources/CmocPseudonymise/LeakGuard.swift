import CmocModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// Shapes of the ASCII first words: lets most words skip hashing.
    private var starts = StartFilter()

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
        addSequence(String(decoding: LeakGuard.splittingJoiners(Array(text.utf8)), as: UTF8.self), source)
        // Each part of a hyphenated name is a name too (`Anna-Marie` -> `Anna`, `Marie`).
        if text.contains("-") {
            for part in text.split(separator: "-") where LeakGuard.letterCount(String(part)) >= 3 {
                addSequence(String(part), source)
            }
        }
    }

    /// Adds `text` to the registry table and its first word's shape to `starts`.
    private mutating func addSequence(_ text: String, _ source: String) {
        table.add(text, source)
        starts.insert(firstWordOf: text)
    }

    private mutating func addExact(_ text: String, _ source: String) {
        let bytes = LeakGuard.splittingJoiners(Array(text.utf8))
        let words = TextBytes.tokenize(bytes).map { Array(bytes[$0.start..<$0.end]) }
        guard !words.isEmpty else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        exact.add(text, ExactName(source: source, words: words))
        starts.insert(firstWordOf: text)
    }

    /// The `length` tokens at `i` spell `name` as written or in all capitals.
    static func spells(_ name: ExactName, _ tokens: [Token], at i: Int, length: Int, _ bytes: [UInt8]) -> Bool {
        spells(name, length: length, count: bytes.count, span: { (tokens[i + $0].start, tokens[i + $0].end) }, byte: { bytes[$0] })
    }

    /// The `length` words whose spans `span(k)` gives spell `name` as written or in all capitals,
    /// reading each byte through `byte`. A word cut short at the end (a letter whose bytes run past
    /// `count`) spells nothing.
    @inline(__always) static func spells(
        _ name: ExactName, length: Int, count: Int, span: (Int) -> (start: Int, end: Int), byte: (Int) -> UInt8
    ) -> Bool {
        guard name.words.count == length else { return false }
        var asWritten = true
        var capitals = true
        for (k, word) in name.words.enumerated() {
            let (start, end) = span(k)
            guard end - start == word.count, end <= count else { return false }
            for (offset, b) in word.enumerated() {
                let c = byte(start + offset)
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
    ///
    /// Fast path: eight bytes at a time, each byte equal to `\n` turned into a 1 in its lane
    /// (exact zero-byte test on `word ^ 0x0A0A…`, no carries between lanes), the lanes summed as
    /// they are (up to 255 words) and then across lanes with one multiply.
    static func lineEnds(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBytes { raw in
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            var count = 0
            var k = 0
            while k + 8 <= raw.count {
                var lanes: UInt64 = 0
                var words = 0
                while words < 255, k + 8 <= raw.count {
                    let x = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                    lanes &+= ~(((x & low) &+ low) | x | low) >> 7
                    words += 1
                    k += 8
                }
                // Each lane holds at most 255: the lanes' sum fits the top byte's 16-bit window.
                let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ (lanes >> 8 & 0x00FF_00FF_00FF_00FF)
                count += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
            }
            while k < raw.count {
                if raw[k] == 0x0A { count += 1 }
                k += 1
            }
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
            // A block owns its lines up to its last line end; the last block also owns the line after
            // it (text that does not end with a line end).
            let owned = end == bytes.count ? Int.max : max(ownLines, 1)
            for finding in scanBlock(bytes[start..<overlap], file: file) where finding.line <= owned {
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
    ///
    /// Blocks are read with `read(2)` straight into one buffer; the consumed front is dropped by
    /// moving a start index, and the rest moved to the front only when the buffer's tail is full.
    func scan(fileAt url: URL, file: String) -> [LeakFinding]? {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var reader = BlockReader(descriptor: descriptor, blockSize: Self.blockSize)
        var atEnd = false
        var findings: [LeakFinding] = []
        var lineOffset = 0
        while true {
            while !atEnd, reader.pendingCount < 3 * Self.blockSize {
                guard let read = reader.readBlock(Self.blockSize) else { return nil }
                // Nothing read: the end of the file.
                if read == 0 { atEnd = true }
            }
            let pending = reader.pending
            let count = pending.count
            let first = pending.startIndex
            // Own range: whole lines from the start to the first line end after one block; overlap: one line more.
            var end = min(Self.blockSize, count)
            while end < count, pending[first + end - 1] != 0x0A { end += 1 }
            var overlap = end
            while overlap < count, pending[first + overlap] != 0x0A { overlap += 1 }
            if atEnd, end >= count {
                for finding in scanBlock(pending, file: file) {
                    let shifted = LeakFinding(file: file, line: finding.line + lineOffset, source: finding.source)
                    if findings.last != shifted { findings.append(shifted) }
                }
                return findings
            }
            overlap = min(overlap + 1, count)
            let ownLines = LeakGuard.lineEnds(pending[first..<(first + end)])
            for finding in scanBlock(pending[first..<(first + overlap)], file: file) where finding.line <= max(ownLines, 1) {
                let shifted = LeakFinding(file: file, line: finding.line + lineOffset, source: finding.source)
                if findings.last != shifted { findings.append(shifted) }
            }
            lineOffset += ownLines
            reader.consume(end)
        }
    }

    /// Findings in one block. Words are read one at a time; only from a word that may start a
    /// name are the next few read, as many as the longest name has words.
    func scanBlock(_ bytes: [UInt8], file: String) -> [LeakFinding] { scanBlock(bytes[...], file: file) }

    func scanBlock(_ block: ArraySlice<UInt8>, file: String) -> [LeakFinding] {
        guard !firstWords.isEmpty else { return [] }
        return block.withUnsafeBufferPointer { buffer in
            starts.bits.withUnsafeBufferPointer { bits in
                scanBlock(BlockText(buffer), StartFilter.View(bits: bits, digitsStartNone: starts.digitsStartNone), file: file)
            }
        }
    }

    /// The block scan proper. Fast path (a short comment on each): most words are ASCII letters and
    /// digits ended by a separator; such a word is read with one class test a byte and goes on only
    /// when its first two bytes, last byte and length pass `StartFilter`, so the folded hash is
    /// computed for few words. Any other word is read by `BlockText.word(at:)`, the tokeniser's
    /// rules byte for byte. Lines are counted only when a name is found.
    private func scanBlock(_ text: BlockText, _ filter: StartFilter.View, file: String) -> [LeakFinding] {
        let n = text.count
        let p = text.bytes
        var findings: [LeakFinding] = []
        var lines = LineCounter()
        var ahead: [BlockText.Word] = []
        var i = 0
        while i < n {
            let b = p[i]
            let word: BlockText.Word
            if b < 0x80 && BlockText.isAlnum(b) {
                // Fast path: a digit starts no name, so runs of digits and punctuation (CSV columns
                // of counts and flags) are skipped eight bytes at a time.
                if filter.digitsStartNone && TextBytes.isASCIIDigit(b) {
                    let skipped = text.digitsAndPunctuationEnd(from: i)
                    if skipped > i {
                        i = skipped
                        continue
                    }
                }
                var j = i + 1
                while j < n && BlockText.isAlnum(p[j]) { j += 1 }
                if j == n || (p[j] < 0x80 && p[j] != 0x27) {
                    // Fast path: an ASCII word whose shape no name's first word has is skipped unhashed.
                    guard filter.mayStart(p, i, j) else {
                        // `p[j]` (if any) is an ASCII separator: step over it too.
                        i = j + 1
                        continue
                    }
                    word = BlockText.Word(start: i, end: j, next: j, hash: BlockText.lowerHash(p, i, j))
                } else {
                    word = text.word(at: i)
                }
            } else if b < 0xC0 || text.width(i) == 0 {
                // A separator (joiners included: they read as spaces), or a continuation byte,
                // where no word starts (the tail of `‘`, `“`, `—` before a name).
                i += 1
                continue
            } else {
                word = text.word(at: i)
            }
            lines.note(word)
            guard firstWords.contains(word.hash) else {
                i = word.next
                continue
            }
            ahead.removeAll(keepingCapacity: true)
            ahead.append(word)
            if let hit = match(text, &ahead) {
                let finding = LeakFinding(file: file, line: lines.line(at: word.start, p) + 1, source: hit.source)
                if findings.last != finding { findings.append(finding) }
                for k in 1..<hit.length { lines.note(ahead[k]) }
                i = ahead[hit.length - 1].next
            } else {
                i = word.next
            }
        }
        return findings
    }

    /// The name starting with `ahead[0]` (registry table first, then key originals as written),
    /// reading further words into `ahead` as needed: `SequenceTable.longestMatch` on the block's words.
    private func match(_ text: BlockText, _ ahead: inout [BlockText.Word]) -> (length: Int, source: String)? {
        let first = ahead[0].hash
        if let longest = table.maxLength[first],
            let hit = longestMatch(table, longest, text, &ahead, accept: { values, _, _ in values.first })
        {
            return hit
        }
        if let longest = exact.maxLength[first] {
            return longestMatch(exact, longest, text, &ahead) { values, length, words in
                values.first { text.spells($0, words, length: length) }?.source
            }
        }
        return nil
    }

    private func longestMatch<Value>(
        _ sequences: SequenceTable<Value>, _ longest: Int, _ text: BlockText, _ ahead: inout [BlockText.Word],
        accept: (_ values: [Value], _ length: Int, _ words: [BlockText.Word]) -> String?
    ) -> (length: Int, source: String)? {
        var hashes: [UInt64] = [ahead[0].hash]
        var k = 1
        while k < longest {
            if ahead.count <= k {
                guard let next = text.nextWord(from: ahead[k - 1].next) else { break }
                ahead.append(next)
            }
            guard text.blankBetween(ahead[k - 1].end, ahead[k].start) else { break }
            hashes.append(TextBytes.combine(hashes[k - 1], ahead[k].hash))
            k += 1
        }
        var length = hashes.count
        while length >= 1 {
            if let list = sequences.values[hashes[length - 1]], let source = accept(list, length, ahead) {
                return (length, source)
            }
            length -= 1
        }
        return nil
    }

    /// The regular files under `directory` (links not followed, hidden files included), as paths
    /// relative to it, leaving out the top-level folders in `excluding` (not entered at all); none
    /// when the folder cannot be read. The files `FileManager`'s enumerator lists as regular files,
    /// found with one `lstat` each instead of its URL resource look-ups.
    static func regularFiles(under directory: URL, excluding: Set<String>) -> [(relative: String, url: URL)] {
        let root = directory.path
        var files: [(relative: String, url: URL)] = []
        var folders = [""]
        while let folder = folders.popLast() {
            let path = folder.isEmpty ? root : root + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for name in names {
                let relative = folder.isEmpty ? name : folder + "/" + name
                var info = stat()
                guard lstat(path + "/" + name, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR where !(folder.isEmpty && excluding.contains(name)): folders.append(relative)
                case S_IFREG: files.append((relative, directory.appendingPathComponent(relative)))
                default: continue
                }
            }
        }
        return files
    }

    /// Findings in one file's contents (not its name), labelled with `file`, the same as a
    /// directory scan gives for it; nil when it cannot be read. A file scanned as soon as it is
    /// written is passed to `scan(directory:contentsScanned:)` so that it is not read twice.
    public func scanContents(of url: URL, file: String) -> [LeakFinding]? { scan(fileAt: url, file: file) }

    /// Every finding under `directory` (files in path order), file names included.
    ///
    /// - Parameters:
    ///   - excluding: top-level sub-folders not to read (the pipeline's cache, which holds the same
    ///     pseudonymised text as `transcripts/`).
    ///   - jobs: files scanned at once.
    ///   - contentsScanned: findings already made in some files' contents (by `scanContents(of:)`,
    ///     keyed by path relative to `directory`); those files' names are still checked here.
    public func scan(
        directory: URL, excluding: Set<String> = [], jobs: Int = 1, contentsScanned: [String: [LeakFinding]] = [:]
    ) throws(DiagnosticError) -> [LeakFinding] {
        var files = LeakGuard.regularFiles(under: directory, excluding: excluding)
        files.sort { $0.relative < $1.relative }
        let shown = directory.relativePath
        let results = ParallelSlots<Result<[LeakFinding], DiagnosticError>>(count: files.count)
        let scanOne: @Sendable (Int) -> Void = { [files] number in
            let file = files[number]
            let display = "\(shown)/\(file.relative)"
            let nameHits = self.scan(bytes: Array(file.relative.utf8), file: display)
            let safeName = "\(shown)/(file \(number + 1) of \(files.count))"
            var found = nameHits.map { LeakFinding(file: safeName, line: 0, source: $0.source) }
            let label = nameHits.isEmpty ? display : safeName
            if let scanned = contentsScanned[file.relative] {
                found += scanned.map { LeakFinding(file: label, line: $0.line, source: $0.source) }
                results.set(number, .success(found))
                return
            }
            guard let fileFindings = self.scan(fileAt: file.url, file: label) else {
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

/// A bit set of first-word shapes (first two bytes, last byte and length, ASCII lower-cased): an
/// ASCII word whose shape is absent cannot have a first word's hash, so it is skipped unhashed.
/// Over-approximate (shapes share bits), never under: every first word of both tables is in.
private struct StartFilter: Sendable {
    static let bitCount = 1 << 16
    var bits = [UInt64](repeating: 0, count: StartFilter.bitCount / 64)

    /// The shape's bit: the fold for ASCII words is `| 0x20` (letters lower-cased, digits kept).
    @inline(__always) static func slot(_ first: UInt8, _ second: UInt8, _ last: UInt8, _ length: Int) -> Int {
        let key = UInt32(first) | UInt32(second) << 8 | UInt32(last) << 16 | UInt32(min(length, 255)) << 24
        return Int((key &* 0x9E37_79B1) >> 16)
    }

    /// Records the first word of `text`, tokenised as `SequenceTable.add` tokenises it.
    mutating func insert(firstWordOf text: String) {
        let bytes = Array(text.utf8)
        guard let first = TextBytes.tokenize(bytes).first else { return }
        let (start, end) = (first.start, first.end)
        let slot = StartFilter.slot(
            bytes[start] | 0x20, end - start > 1 ? bytes[start + 1] | 0x20 : 0, bytes[end - 1] | 0x20, end - start)
        bits[slot >> 6] |= 1 << UInt64(slot & 63)
        if TextBytes.isASCIIDigit(bytes[start]) { digitsStartNone = false }
    }

    /// No first word starts with an ASCII digit.
    var digitsStartNone = true

    /// The filter's bits, read without copies during a scan.
    struct View {
        let bits: UnsafeBufferPointer<UInt64>
        let digitsStartNone: Bool

        /// Whether the ASCII word `p[start..<end]` may be a first word.
        @inline(__always) func mayStart(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
            let slot = StartFilter.slot(p[start] | 0x20, end - start > 1 ? p[start + 1] | 0x20 : 0, p[end - 1] | 0x20, end - start)
            return bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0
        }
    }
}

/// 0-based line of a block offset, counted only when asked (a finding), onwards from the last ask:
/// the line ends before it, less those swallowed inside words (recorded in offset order).
private struct LineCounter {
    private var offset = 0
    private var line = 0
    private var swallowed: [(start: Int, count: Int)] = []
    private var subtracted = 0

    /// Records a word's swallowed line ends (none for almost every word).
    @inline(__always) mutating func note(_ word: BlockText.Word) {
        if word.swallowed > 0 { swallowed.append((word.start, word.swallowed)) }
    }

    mutating func line(at target: Int, _ p: UnsafeBufferPointer<UInt8>) -> Int {
        while offset < target {
            if p[offset] == 0x0A { line += 1 }
            offset += 1
        }
        while subtracted < swallowed.count, swallowed[subtracted].start < target {
            line -= swallowed[subtracted].count
            subtracted += 1
        }
        return line
    }
}

/// A block's bytes as the leak guard reads them: hyphens, underscores and dots read as spaces
/// (`LeakGuard.splittingJoiners` without the copy), words as `TextBytes.scanWord` reads them.
private struct BlockText {
    /// A word: core span (possessive excluded), where reading resumes, folded hash, and the line
    /// ends it swallowed (a malformed lead byte's missing continuation: the tokeniser counts no line there).
    struct Word {
        var start: Int
        var end: Int
        var next: Int
        var hash: UInt64
        var swallowed = 0
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The byte at `k`, joiners as spaces.
    @inline(__always) subscript(k: Int) -> UInt8 {
        let b = bytes[k]
        return b == 0x2D || b == 0x5F || b == 0x2E ? 0x20 : b
    }

    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool {
        TextBytes.isASCIIDigit(b) || TextBytes.isASCIILetter(b)
    }

    /// From `i` (a word start or separator), the end of the eight-byte chunks holding only digits
    /// and ASCII punctuation (no letter, apostrophe or byte of 0x80 or more) whose last word ends
    /// inside them; `i` when the first chunk is not one. Every word skipped is digits only.
    @inline(__always) func digitsAndPunctuationEnd(from i: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let h: UInt64 = 0x8080_8080_8080_8080
        var k = i
        while k + 8 <= count {
            let x = UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: k, as: UInt64.self))
            guard x & h == 0 else { break }
            // Letters: `x | 0x20` in 0x61...0x7A, each lane tested without borrows (all lanes < 0x80).
            let y = x | 0x20 &* ones
            let letters = ((y | h) &- 0x61 &* ones) & ((0x7A &* ones | h) &- y) & h
            // Apostrophes: lanes where `x ^ 0x27…` is zero.
            let a = x ^ 0x27 &* ones
            let apostrophes = ~(((a & ~h) &+ ~h) | a | ~h)
            guard letters | apostrophes == 0 else { break }
            // A digit last must end its word: the next byte a separator, or the block's end.
            if TextBytes.isASCIIDigit(bytes[k + 7]), k + 8 < count {
                let after = bytes[k + 8]
                guard after < 0x80, !BlockText.isAlnum(after), after != 0x27 else { break }
            }
            k += 8
        }
        return k
    }

    /// FNV-1a of an ASCII letters-and-digits word, lower-cased: its `TextBytes` hash.
    @inline(__always) static func lowerHash(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h = TextBytes.fnvOffset
        for k in start..<end { h = TextBytes.mix(h, p[k] | 0x20) }
        return h
    }

    /// `TextBytes.wordWidth` on these bytes.
    @inline(__always) func width(_ i: Int) -> Int {
        let b = self[i]
        if b < 0x80 { return BlockText.isAlnum(b) ? 1 : 0 }
        switch b {
        case 0xC2: return 0
        case 0xC3: return i + 1 < count && (self[i + 1] == 0x97 || self[i + 1] == 0xB7) ? 0 : 2
        case 0xC4...0xDF: return 2
        case 0xE2: return 0
        case 0xE3: return i + 1 < count && self[i + 1] == 0x80 ? 0 : 3
        case 0xE0, 0xE1, 0xE4...0xEE: return 3
        case 0xEF, 0xF0...0xF4: return 0
        default: return 1
        }
    }

    /// `TextBytes.fold` on these bytes.
    @inline(__always) func fold(_ i: Int) -> UInt8 {
        let b = self[i]
        if b >= 0x41 && b <= 0x5A { return b | 0x20 }
        if b >= 0x80 && b <= 0x9E && b != 0x97 && i > 0 && self[i - 1] == 0xC3 { return b + 0x20 }
        return b
    }

    /// Width of a straight or curly apostrophe at `i`, 0 when there is none (`TextBytes.foldApostrophe`).
    @inline(__always) func apostrophe(_ i: Int) -> Int {
        if self[i] == 0x27 { return 1 }
        if self[i] == 0xE2 && i + 2 < count && self[i + 1] == 0x80 && (self[i + 2] == 0x99 || self[i + 2] == 0x98) {
            return 3
        }
        return 0
    }

    /// `TextBytes.hash(_:_:_:)` on these bytes.
    func hash(_ start: Int, _ end: Int) -> UInt64 {
        var h = TextBytes.fnvOffset
        var k = start
        while k < end {
            let aw = apostrophe(k)
            if aw > 0 {
                h = TextBytes.mix(h, 0x27)
                k += aw
            } else {
                h = TextBytes.mix(h, fold(k))
                k += 1
            }
        }
        return h
    }

    /// The word starting at `start` (a word character), read as `TextBytes.scanWord` reads it
    /// (no hyphen can be inside: joiners are spaces here).
    func word(at start: Int) -> Word {
        let n = count
        var h = TextBytes.fnvOffset
        var j = start
        var apostropheAt = -1
        var swallowed = 0
        while j < n {
            let b = self[j]
            if b < 0x80 && BlockText.isAlnum(b) {
                h = TextBytes.mix(h, b | 0x20)
                j += 1
                continue
            }
            let w = width(j)
            if w > 0 {
                for k in j..<(j + w) where k < n {
                    h = TextBytes.mix(h, fold(k))
                    if self[k] == 0x0A { swallowed += 1 }
                }
                j += w
                continue
            }
            // Inner apostrophe between word characters.
            let aw = apostrophe(j)
            if aw > 0, j + aw < n, width(j + aw) > 0 {
                apostropheAt = j
                h = TextBytes.mix(h, 0x27)
                j += aw
                continue
            }
            break
        }
        var word = Word(start: start, end: j, next: j, hash: h, swallowed: swallowed)
        // Possessives and contractions stay out of the core.
        if apostropheAt > start {
            let tail = apostropheAt + (self[apostropheAt] == 0x27 ? 1 : 3)
            let first = tail < j ? self[tail] | 0x20 : 0
            let second = tail + 1 < j ? self[tail + 1] | 0x20 : 0
            let one = j - tail == 1 && (first == 0x73 || first == 0x6D || first == 0x64)
            let two =
                j - tail == 2
                && (first == 0x76 && second == 0x65 || first == 0x6C && second == 0x6C || first == 0x72 && second == 0x65)
            if one || two {
                word.end = apostropheAt
                word.hash = hash(start, apostropheAt)
            }
        }
        return word
    }

    /// The first word at or after `i`, or nil at the block's end.
    func nextWord(from i: Int) -> Word? {
        var i = i
        while i < count {
            if width(i) > 0 { return word(at: i) }
            i += 1
        }
        return nil
    }

    /// `SequenceTable.blankBetween`: blanks only (joiners read as spaces), at most 8 bytes.
    func blankBetween(_ end: Int, _ start: Int) -> Bool {
        guard start > end, start - end <= 8 else { return false }
        for k in end..<start {
            let c = self[k]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { continue }
            return false
        }
        return true
    }

    /// `LeakGuard.spells` on these bytes: the first `length` words spell `name`.
    func spells(_ name: LeakGuard.ExactName, _ words: [Word], length: Int) -> Bool {
        LeakGuard.spells(name, length: length, count: count, span: { (words[$0].start, words[$0].end) }, byte: { self[$0] })
    }
}

/// A file read in blocks into one buffer: `pending` is what has been read and not yet consumed.
/// Consuming moves a start index; the pending bytes move to the front only when the buffer's tail
/// is full, and the buffer (sized from the file's size, at most eight blocks at first) grows only
/// when the pending bytes alone fill it. Its bytes are never zero-filled: only read bytes are read.
private struct BlockReader {
    let descriptor: Int32
    private var storage: [UInt8]
    private var head = 0
    private var tail = 0

    init(descriptor: Int32, blockSize: Int) {
        self.descriptor = descriptor
        var info = stat()
        let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : blockSize
        storage = BlockReader.uninitialised(min(max(size, 0), 8 * blockSize) + 1)
    }

    static func uninitialised(_ capacity: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
    }

    var pendingCount: Int { tail - head }
    var pending: ArraySlice<UInt8> { storage[head..<tail] }

    mutating func consume(_ count: Int) { head += count }

    /// Reads up to `size` bytes (fewer only at the end of the file) behind the pending ones; the
    /// count read, nil on a read error.
    mutating func readBlock(_ size: Int) -> Int? {
        var total = 0
        while total < size {
            if tail == storage.count { makeRoom() }
            let room = min(size - total, storage.count - tail)
            let got = storage.withUnsafeMutableBufferPointer { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + tail }, room)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            total += got
            tail += got
        }
        return total
    }

    /// Moves the pending bytes to the front, or doubles the buffer when they fill it.
    private mutating func makeRoom() {
        if head > 0 {
            storage.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                _ = memmove(base, base + head, tail - head)
            }
            tail -= head
            head = 0
            return
        }
        var bigger = BlockReader.uninitialised(max(2 * storage.count, 1 << 16))
        bigger.withUnsafeMutableBufferPointer { target in
            storage.withUnsafeBufferPointer { source in
                guard let to = target.baseAddress, let from = source.baseAddress else { return }
                to.update(from: from, count: tail)
            }
        }
        storage = bigger
    }
}
