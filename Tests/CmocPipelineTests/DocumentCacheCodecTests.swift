import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// The cache's binary entries read back to exactly what was stored, and a damaged entry is no entry
/// (the document is recomputed), never a wrong one.
@Suite struct DocumentCacheCodecTests {
    static func entry() -> DocumentCache.Entry {
        let text = "LW-A1: café ☕ [PERSON-1] said \"yes\"\nInterviewer: and then?\n"
        let utf8 = Array(text.utf8)
        let firstEnd = utf8.firstIndex(of: 0x0A) ?? 0
        let turns = [
            Turn(
                documentID: "D-1", site: "S1", speaker: "LW-A1", role: "link_worker", index: 0,
                text: String(decoding: utf8[7..<firstEnd], as: UTF8.self), span: ByteSpan(7, firstEnd), start: 1.5,
                end: 9.25),
            Turn(
                documentID: "D-1", site: "S1", speaker: nil, role: nil, index: 1,
                text: String(decoding: utf8[(firstEnd + 14)..<(utf8.count - 1)], as: UTF8.self),
                span: ByteSpan(firstEnd + 14, utf8.count - 1)),
        ]
        return DocumentCache.Entry(
            segmentKey: "k", codebookHash: "c", format: "plain", encoding: "utf-8", speakers: 2, attributedTurns: 1,
            warnings: [
                Diagnostic(.warning, stage: "ingest", at: SourceLocation(file: "D-1", line: 3, column: nil), "odd", hint: "fix"),
                Diagnostic(.note, stage: "segment", "no location"),
            ],
            document: SegmentedDocument(id: "D-1", site: "S1", dataType: "interview", format: "plain", text: text, turns: turns),
            hits: [
                CodeHit(documentID: "D-1", turnIndex: 0, codeID: "coherence", ruleID: "r1", span: ByteSpan(0, 4), direction: .negated),
                CodeHit(documentID: "D-1", turnIndex: 1, codeID: "x", ruleID: "r2", span: ByteSpan(-1, 70_000), direction: .supports),
            ])
    }

    /// What `load` does: the entry file's bytes with the text file's bytes.
    static func roundTrip(_ entry: DocumentCache.Entry) -> DocumentCache.Entry? {
        DocumentCache.decode(DocumentCache.encode(entry), text: Array(entry.document.text.utf8))
    }

    @Test func entriesRoundTrip() throws {
        let entry = Self.entry()
        let decoded = try #require(Self.roundTrip(entry))
        #expect(decoded == entry)
    }

    /// A turn's or hit's document and site are stored only where they differ from the document's.
    @Test func foreignDocumentAndSiteRoundTrip() throws {
        var entry = Self.entry()
        entry.document.turns[1].documentID = "D-2"
        entry.document.turns[0].site = "S9"
        entry.hits[1].documentID = "D-3"
        let decoded = try #require(Self.roundTrip(entry))
        #expect(decoded == entry)
        #expect(DocumentCache.encode(entry).count > DocumentCache.encode(Self.entry()).count)
    }

    @Test func anEmptyDocumentRoundTrips() throws {
        var entry = Self.entry()
        entry.document.text = ""
        entry.document.turns = []
        entry.hits = []
        entry.warnings = []
        #expect(Self.roundTrip(entry) == entry)
    }

    @Test func damagedEntriesAreNoEntries() {
        let entry = Self.entry()
        let bytes = DocumentCache.encode(entry)
        let text = Array(entry.document.text.utf8)
        // Every truncation, an older (JSON) entry, older versions and trailing bytes.
        for cut in 0..<bytes.count {
            #expect(DocumentCache.decode(Array(bytes[..<cut]), text: text) == nil, "cut at \(cut)")
        }
        #expect(DocumentCache.decode(Array(#"{"segmentKey":"k"}"#.utf8) + [0x0A], text: text) == nil)
        for old in ["cmoc-cache 1\n", "cmoc-cache 2\n"] {
            #expect(DocumentCache.decode(Array(old.utf8) + bytes.dropFirst(DocumentCache.magic.count), text: text) == nil)
        }
        #expect(DocumentCache.decode(bytes + [0], text: text) == nil)
    }

    /// The text file is checked against the entry's length and digest: a transcript edited in place
    /// (through its hard link), cut short or replaced makes the entry no entry.
    enum TextEdit: String, CaseIterable, Sendable {
        case oneByteChanged, cutShort, byteAdded, emptied

        func apply(_ text: [UInt8]) -> [UInt8] {
            switch self {
            case .oneByteChanged: var t = text; t[3] ^= 0x20; return t
            case .cutShort: return Array(text.dropLast())
            case .byteAdded: return text + [0x0A]
            case .emptied: return []
            }
        }
    }

    @Test(arguments: TextEdit.allCases)
    func aDifferentTextIsNoEntry(_ edit: TextEdit) {
        let entry = Self.entry()
        let bytes = DocumentCache.encode(entry)
        #expect(DocumentCache.decode(bytes, text: edit.apply(Array(entry.document.text.utf8))) == nil)
    }

    @Test func aTurnSpanOutsideTheTextIsNoEntry() {
        var entry = Self.entry()
        entry.document.turns[1].span = ByteSpan(10, entry.document.text.utf8.count + 1)
        #expect(Self.roundTrip(entry) == nil)
    }
}

/// The scratch-file layout: integers of every size and sign, strings and optionals read back.
@Suite struct ByteCodingTests {
    @Test(arguments: [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 1 << 32, Int.max, Int.min])
    func integersRoundTrip(_ value: Int) {
        var out = ByteWriter()
        out.int(value)
        var input = ByteReader(out.bytes)
        #expect(input.int() == value)
        #expect(input.atEnd)
    }

    @Test func smallIntegersTakeOneByte() {
        var out = ByteWriter()
        out.int(-64)
        out.int(63)
        #expect(out.bytes.count == 2)
    }

    @Test func optionalsAndStringsRoundTrip() {
        var out = ByteWriter()
        out.string("naïve, \"quoted\"")
        out.string(nil as String?)
        out.int(nil as Int?)
        out.int(7 as Int?)
        out.double(-0.5)
        out.double(nil)
        var input = ByteReader(out.bytes)
        #expect(input.string() == "naïve, \"quoted\"")
        #expect(input.optionalString() == .some(nil))
        #expect(input.optionalInt() == .some(nil))
        #expect(input.optionalInt() == .some(7))
        #expect(input.optionalDouble() == .some(-0.5))
        #expect(input.optionalDouble() == .some(nil))
        #expect(input.atEnd && !input.failed)
    }

    @Test func aLengthBeyondTheInputFails() {
        var out = ByteWriter()
        out.int(1_000)
        out.raw([0x41, 0x42])
        var input = ByteReader(out.bytes)
        #expect(input.string() == nil)
        #expect(input.failed)
        // A failed reader stays failed.
        #expect(input.int() == nil)
    }

    @Test func anUnendedVarintFails() {
        var input = ByteReader([UInt8](repeating: 0xFF, count: 11))
        #expect(input.int() == nil)
    }
}

/// Digests are written as lower-case hex, two digits a byte (run.json, cache keys, key state).
@Suite struct HexTests {
    @Test(arguments: [
        ([UInt8](), ""), ([0x00], "00"), ([0x0F, 0xF0], "0ff0"), ([0xAB, 0xCD, 0xEF, 0x01], "abcdef01"),
    ])
    func hex(_ bytes: [UInt8], _ expected: String) {
        #expect(PipelineRunner.hex(bytes) == expected)
    }

    @Test func aSHA256IsSixtyFourDigits() {
        // SHA-256 of "abc" (FIPS 180-2 test vector).
        #expect(
            PipelineRunner.sha256(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// Cache file names: safe ids as they are, anything else escaped, so no id reaches outside `docs/`.
struct CacheFileNameTests {
    @Test(arguments: [
        ("S1-INT-01", "S1-INT-01"), ("a_b.c", "a_b.c"), ("x/y", "x%2Fy"), ("../up", "..%2Fup"), ("café", "caf%E9"),
        ("a b", "a%20b"), ("", ""),
    ])
    func safeNames(_ id: String, _ expected: String) {
        #expect(DocumentCache.safeName(id) == expected)
        let cache = DocumentCache(output: URL(fileURLWithPath: "/out"))
        #expect(cache.path(for: id, extension: "text") == "/out/cache/docs/\(expected).text")
        #expect(cache.url(for: id).path == "/out/cache/docs/\(expected).cache")
    }
}

/// A streamed output appears whole under its name when finished, and not at all when abandoned.
struct OutputStreamTests {
    @Test func finishedStreamIsInPlaceAbandonedOneLeavesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.csv").path
        try "old\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let stream = try OutputFile.Stream.open(path).get()
            #expect(stream.write(Array("a,b\n".utf8)) == nil)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
            #expect(stream.write(Array("1,2\n".utf8)) == nil)
            #expect(stream.finish() == nil)
            #expect(stream.finish() != nil)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n")
        do {
            let abandoned = try OutputFile.Stream.open(path).get()
            #expect(abandoned.write(Array("half".utf8)) == nil)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a,b\n1,2\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["table.csv"])
        let missing = folder.appendingPathComponent("no/such/folder/x.csv").path
        guard case .failure(let failure) = OutputFile.Stream.open(missing) else {
            Issue.record("opened a file in a missing folder")
            return
        }
        #expect(!failure.reason.isEmpty)
    }
}
