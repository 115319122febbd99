import CmocModel
import CmocTestSupport
import Foundation
import Testing

@testable import CmocPseudonymise

/// The block scan reads words straight from the file's bytes (joiners as spaces, no copy), skips
/// ASCII words whose shape no name starts with, and counts lines only at a finding. Its findings
/// must be those of the reference matcher (`LeakGuardStreamingTests.reference`: the whole block
/// tokenised by `TextBytes.tokenize`, then matched left to right) for every case variant, joiner,
/// line ending, possessive, non-ASCII letter, malformed byte and block boundary.
struct LeakGuardScanTests {
    /// Registry names with digits, apostrophes, hyphens, non-ASCII letters, one-letter and title
    /// first words; key originals as written (strong evidence), one of them non-ASCII and two words.
    static let guardian = makeGuardian(places: ["Hebden Bridge", "24 Mill"])
    /// No name starts with a digit: digit-and-punctuation runs are skipped in chunks.
    static let digitFree = makeGuardian(places: ["Hebden Bridge"])

    static func makeGuardian(places: [String]) -> LeakGuard {
        let registry = Registry(
            participants: [
                Participant(id: "P1", name: "Zorvath07 Quillfeather", aliases: ["Dr Quillfeather"], role: "gp", site: "S1"),
                Participant(id: "P2", name: "Siobhan O'Neill", aliases: ["Sio"], role: "patient", site: "S1"),
                Participant(id: "P3", name: "Anna-Marie Bailey-Ross", role: "link_worker", site: "S2"),
                Participant(id: "P4", name: "Zoë Ó Súilleabháin", role: "patient", site: "S2"),
                Participant(id: "P5", name: "J Abernathy", role: "researcher", site: "S1"),
            ],
            participantLines: [2, 3, 4, 5, 6],
            sites: [Site(id: "S1", name: "Tannery Lane Surgery"), Site(id: "S2", name: "St. Mary Practice")],
            places: places)
        let json = """
            {"pseudonyms": {
              "[PERSON-1]": {"kind": "person", "original": "Kirsty", "strongEvidence": true},
              "[PERSON-2]": {"kind": "person", "original": "Siân Llŷr", "strongEvidence": true},
              "[PLACE-1]": {"kind": "place", "original": "Gasworks Street", "strongEvidence": true},
              "[PERSON-3]": {"kind": "person", "original": "McAllister-Okafor", "strongEvidence": true}},
             "lookup": {}, "counters": {}}
            """
        let key = (try? JSONDecoder().decode(PseudonymKey.self, from: Data(json.utf8))) ?? PseudonymKey()
        return LeakGuard(registry: registry, key: key)
    }

    /// Rows: text, the findings' lines and sources.
    static let rows: [(String, [String])] = [
        ("Quillfeather", ["1 registry row 2"]),
        ("quillfeather QUILLFEATHER qUiLlFeAtHeR", ["1 registry row 2"]),
        ("x\nQuillfeather\r\ny\nquillfeather", ["2 registry row 2", "4 registry row 2"]),
        ("Quillfeathers 0Quillfeather Quillfeather0 Quill", []),
        ("Quillfeather_2024 quillfeather.txt notes-quillfeather", ["1 registry row 2"]),
        ("Zorvath07 Quillfeather", ["1 registry row 2"]),
        ("zorvath07\n\nquillfeather", ["1 registry row 2"]),
        ("Zorvath07,Quillfeather", ["1 registry row 2"]),
        ("Zorvath07         Quillfeather", ["1 registry row 2"]),
        ("Quillfeather's Quillfeather’s", ["1 registry row 2"]),
        ("O'Neill o’neill O'NEILL", ["1 registry row 3"]),
        ("Sio said", ["1 registry row 3"]),
        ("Siobhan's", ["1 registry row 3"]),
        ("Bailey-Ross and Anna-Marie", ["1 registry row 4"]),
        ("ZOË zoë Zoë", ["1 registry row 5"]),
        ("Ó Súilleabháin", ["1 registry row 5"]),
        ("ó súilleabháin", ["1 registry row 5"]),
        ("J Abernathy, j abernathy", ["1 registry row 6"]),
        ("J was there", []),
        ("the tannery lane surgery", ["1 site S1"]),
        ("St Mary Practice, st. mary practice", ["1 site S2"]),
        ("St Mary's Practice", []),
        ("hebden\nbridge", ["1 places list entry 1"]),
        ("24 Mill", ["1 places list entry 2"]),
        ("24 mills", []),
        ("Kirsty KIRSTY", ["1 key entry [PERSON-1]"]),
        ("kirsty KiRSTY Kirsty's", ["1 key entry [PERSON-1]"]),
        ("kirsty KiRSTY", []),
        ("Siân Llŷr", ["1 key entry [PERSON-2]"]),
        ("siân llŷr", []),
        ("Gasworks Street GASWORKS STREET", ["1 key entry [PLACE-1]"]),
        ("gasworks street", []),
        ("Okafor OKAFOR okafor", ["1 key entry [PERSON-3]"]),
        ("0,1,0,0,1,24,1\n0,0\n", []),
        ("0,1,0,0\r\n0,Kirsty,1", ["2 key entry [PERSON-1]"]),
    ]

    /// Digit-and-punctuation runs (skipped in chunks when no name starts with a digit) around names:
    /// rows of text and the findings' lines and sources for `digitFree`.
    static let digitRows: [(String, [String])] = [
        ("0,1,0,0,1,0,0,0,1,0,0,0,0,0,1,0,Kirsty,0,0", ["1 key entry [PERSON-1]"]),
        ("0,1,0,0,1,0,0,12Kirsty,0,0,0,0,0,0,0,0", []),
        ("0,1,0,0,1,0,0,1 Kirsty 0,0,0,0,0,0,0,0", ["1 key entry [PERSON-1]"]),
        ("0,1,0,0\n1,0,0,0\n1,0,0,0\r\n0,0,Quillfeather", ["4 registry row 2"]),
        ("1234567,Quillfeather", ["1 registry row 2"]),
        ("12345678Quillfeather,1,1,1,1,1,1,1,1", []),
        ("1,2,3,4,5,6,7'Quillfeather,1,1,1,1", []),
        ("1,2,3,4,5,6,7’Quillfeather,1,1,1,1", []),
        ("1,2,3,4,5,6,78Zoë,1,1,1,1,1,1", []),
        ("1,2,3,4,5,6,7,Zoë,1,1,1,1,1,1", ["1 registry row 5"]),
        ("24 Mill 24 Mill", []),
    ]

    @Test(arguments: digitRows)
    func digitRuns(_ text: String, _ expected: [String]) { Self.expectRow(Self.digitFree, text, expected) }

    @Test(arguments: rows)
    func findings(_ text: String, _ expected: [String]) { Self.expectRow(Self.guardian, text, expected) }

    /// The findings of `text` are `expected` (line and source) and the reference's.
    static func expectRow(_ guardian: LeakGuard, _ text: String, _ expected: [String]) {
        let found = guardian.scan(text: text, file: "f").map { "\($0.line) \($0.source)" }
        #expect(found == expected, "\(text.debugDescription)")
        let reference = LeakGuardStreamingTests.reference(guardian, Array(text.utf8), file: "f")
        #expect(found == reference.map { "\($0.line) \($0.source)" })
    }

    /// Pieces of generated text, as bytes: names in every case, joiners, blanks, line endings,
    /// possessives, CSV digits, non-ASCII punctuation and malformed UTF-8.
    static let pieces: [[UInt8]] = {
        var words = [
            "Zorvath07", "Quillfeather", "Dr", "Siobhan", "O'Neill", "O’Neill", "Sio", "Anna", "Marie", "Bailey", "Ross",
            "Zoë", "Ó", "Súilleabháin", "J", "Abernathy", "Tannery", "Lane", "Surgery", "St", "Mary", "Mary's", "Practice",
            "Hebden", "Bridge", "24", "Mill", "Kirsty", "Siân", "Llŷr", "Gasworks", "Street", "McAllister", "Okafor",
            "the", "said", "zorvath", "quill", "0", "1", "007", "Zorvath07x",
        ]
        words += words.map { $0.lowercased() } + words.map { $0.uppercased() }
        words += ["qUILLFEATHER", "kIRSTY", "KiRSTY", "sIÂN"]
        var pieces = words.map { Array($0.utf8) }
        let separators = [
            " ", " ", " ", "  ", "         ", "\n", "\r\n", "\t", "-", "_", ".", ",", ", ", "'s ", "’s ", "'", "’", "\"",
            "“", "”", "×", "÷", "—", "😀", "\u{3000}", "0,1,0,0,1,", "\n\n",
        ]
        pieces += separators.map { Array($0.utf8) }
        return pieces + malformed
    }()

    /// Malformed UTF-8: lead bytes before joiners, lone continuation bytes, a cut curly apostrophe.
    /// A lead byte takes the next bytes into its word, a line end too (no line is counted there).
    static let malformed: [[UInt8]] = [
        [0xC3, 0x2D], [0xC4, 0x2E], [0xE5, 0x5F, 0x41], [0x80], [0x9E], [0xC3], [0xE2, 0x80], [0xFF], [0xE3, 0x80],
    ]

    /// A deterministic generator (LCG) for the differential tests.
    struct Generator {
        var numbers: TestSequence
        init(state: UInt64) { numbers = TestSequence(seed: state) }
        mutating func below(_ n: Int) -> Int { numbers.next(n) }

        /// `count` pieces; without `malformed`, none of the malformed UTF-8 ones.
        mutating func text(pieces count: Int, malformed: Bool = true) -> [UInt8] {
            let choices = malformed ? LeakGuardScanTests.pieces.count : LeakGuardScanTests.pieces.count - LeakGuardScanTests.malformed.count
            var bytes: [UInt8] = []
            for _ in 0..<count { bytes += LeakGuardScanTests.pieces[below(choices)] }
            // Two ASCII bytes last: the reference's full tokenisation reads past a truncated letter at the end.
            return bytes + [0x20, 0x20]
        }
    }

    /// Checks both guardians' block scan of `bytes` against the reference; the findings' count.
    static func expectReferenceFindings(_ bytes: [UInt8]) -> Int {
        var total = 0
        for guardian in [guardian, digitFree] {
            let expected = LeakGuardStreamingTests.reference(guardian, bytes, file: "f")
            total += expected.count
            let found = guardian.scanBlock(bytes, file: "f")
            #expect(found == expected, "\(bytes): \(found) vs \(expected)")
        }
        return total
    }

    @Test func generatedTextsMatchTheReference() {
        var generator = Generator(state: 5)
        var total = 0
        for _ in 0..<3000 {
            let bytes = generator.text(pieces: 1 + generator.below(60))
            total += Self.expectReferenceFindings(bytes)
        }
        #expect(total > 500)
    }

    /// Bytes at the edges of the eight-byte range tests (`/ : @ [ ` { 0 9 A Z a z`, high bytes, a
    /// curly apostrophe's parts) between planted names, so word starts and ends fall in every lane.
    @Test func randomBytesMatchTheReference() {
        let alphabet: [UInt8] = [
            0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x20, 0x0A, 0x0D, 0x2D, 0x5F, 0x2E,
            0x27, 0x80, 0x99, 0xBF, 0xC3, 0xC4, 0xE2, 0xE3, 0xF0, 0xFF, 0x6B, 0x4B,
        ]
        var generator = Generator(state: 21)
        var total = 0
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<(1 + generator.below(12)) {
                for _ in 0..<generator.below(9) { bytes.append(alphabet[generator.below(alphabet.count)]) }
                bytes += Self.pieces[generator.below(40)]
            }
            bytes += [0x20, 0x20]
            total += Self.expectReferenceFindings(bytes)
        }
        #expect(total > 500)
    }

    /// Line ends counted eight bytes at a time equal a byte-by-byte count, on slices of every
    /// alignment and lengths past the 255-word flush, every byte value around `\n` included.
    @Test func lineEndsCountEveryLineEnd() {
        var generator = Generator(state: 17)
        let bytes = (0..<9000).map { _ in generator.below(3) == 0 ? UInt8(0x0A) : UInt8(generator.below(256)) }
        for _ in 0..<200 {
            let start = generator.below(100)
            let end = start + generator.below(bytes.count - start)
            let expected = bytes[start..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            #expect(LeakGuard.lineEnds(bytes[start..<end]) == expected)
        }
        #expect(LeakGuard.lineEnds(Array(repeating: 0x0A, count: 4100)[...]) == 4100)
    }

    /// A block is a slice of a larger buffer: offsets, lines and the look-ahead stop at its ends.
    @Test func slicesMatchTheReference() {
        var generator = Generator(state: 9)
        let bytes = generator.text(pieces: 4000)
        for _ in 0..<300 {
            let start = generator.below(bytes.count)
            var end = min(bytes.count, start + generator.below(400))
            // The reference reads past a truncated letter at the end: end on two ASCII bytes.
            while end - start >= 2, bytes[end - 1] >= 0x80 || bytes[end - 2] >= 0x80 { end -= 1 }
            for guardian in [Self.guardian, Self.digitFree] {
                let expected = LeakGuardStreamingTests.reference(guardian, Array(bytes[start..<end]), file: "f")
                #expect(guardian.scanBlock(bytes[start..<end], file: "f") == expected)
            }
        }
    }

    /// A letter cut short at a block's end (a lead byte without its continuation) is read up to the
    /// block's end and no further: no finding, no read past the buffer.
    @Test(arguments: [[0x4B, 0x69, 0x72, 0x73, 0xC3], [0x4B, 0x69, 0x72, 0xE5, 0x79], [0x4B, 0x69, 0x72, 0x73, 0x74, 0x79, 0x20, 0xC3]] as [[UInt8]])
    func truncatedLetterAtTheEnd(_ bytes: [UInt8]) {
        let found = Self.guardian.scanBlock(bytes[...], file: "f")
        #expect(found.count == (bytes.count == 8 ? 1 : 0))
    }

    /// Reading a file a few blocks at a time finds what scanning the same bytes in memory finds,
    /// with names planted on both sides of every block boundary and CRLF lines.
    @Test func fileScanMatchesInMemoryScan() throws {
        var generator = Generator(state: 13)
        var bytes: [UInt8] = []
        while bytes.count < 3 * LeakGuard.blockSize + LeakGuard.blockSize / 2 {
            // Well-formed UTF-8: a block's line count (every line end) is then the tokeniser's.
            bytes += generator.text(pieces: 30, malformed: false)
            bytes += generator.below(2) == 0 ? [0x0A] : [0x0D, 0x0A]
        }
        for boundary in [1, 2, 3].map({ $0 * LeakGuard.blockSize }) {
            for (offset, name) in [(-40, "Kirsty Quillfeather"), (-3, "Zorvath07\nQuillfeather"), (5, "SIÂN")] {
                let at = boundary + offset
                bytes.replaceSubrange(at..<(at + name.utf8.count), with: Array(name.utf8))
            }
        }
        bytes += Array("last line Quillfeather\n".utf8)
        let inMemory = Self.guardian.scan(bytes: bytes, file: "big.csv")
        #expect(inMemory.count > 1000)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-leak-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fromFile = Self.guardian.scan(fileAt: url, file: "big.csv") ?? []
        let differ = zip(fromFile, inMemory).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(fromFile.count == inMemory.count && differ == nil, "first difference at \(differ.map { "\($0): \(fromFile[$0]) vs \(inMemory[$0])" } ?? "the end")")
        // Lines run on across blocks as in one pass.
        let reference = LeakGuardStreamingTests.reference(Self.guardian, bytes, file: "big.csv")
        #expect(inMemory.last == reference.last && inMemory.last?.source == "registry row 2")
    }
}

/// The leak guard lists output files with one `lstat` each; the list must be the one the former
/// `FileManager` enumerator walk gave (kept here as the reference): regular files only, hidden
/// ones included, links not followed, excluded top-level folders left out, a top-level file
/// with an excluded name kept.
struct LeakGuardFileListTests {
    static func reference(_ directory: URL, excluding: Set<String>) -> [String] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        let base = directory.standardizedFileURL.pathComponents
        var files: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let parts = url.standardizedFileURL.pathComponents
            let relative = parts.count > base.count ? parts[base.count...].joined(separator: "/") : url.lastPathComponent
            if let top = relative.split(separator: "/").first, excluding.contains(String(top)), relative.contains("/") {
                continue
            }
            files.append(relative)
        }
        return files.sorted()
    }

    @Test func listsWhatTheEnumeratorListed() throws {
        let root = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        for folder in ["sub/deep", "cache/x", ".hidden", "sites/S1"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["a.txt", ".dot", "other", "sub/deep/b.csv", "cache/x/c.txt", "cache/top.json", ".hidden/h.md", "sub/cache", "sites/S1/m.md"] {
            try Data("text\n".utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("sub/link.txt").path, withDestinationPath: "../a.txt")
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("linked").path, withDestinationPath: "sub")
        #expect(mkfifo(root.appendingPathComponent("fifo").path, 0o600) == 0)
        for excluding in [Set<String>(), ["cache"], ["cache", "other", "sub"]] {
            let listed = LeakGuard.regularFiles(under: root, excluding: excluding)
            #expect(listed.map(\.relative).sorted() == Self.reference(root, excluding: excluding))
            for file in listed { #expect(file.url.standardizedFileURL.path == root.appendingPathComponent(file.relative).standardizedFileURL.path) }
        }
        #expect(LeakGuard.regularFiles(under: root, excluding: ["cache"]).count == 7)
        #expect(LeakGuard.regularFiles(under: root.appendingPathComponent("missing"), excluding: []).isEmpty)
        #expect(Self.reference(root.appendingPathComponent("missing"), excluding: []).isEmpty)
    }
}
