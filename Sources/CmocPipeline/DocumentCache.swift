import CmocModel
import Crypto
import Foundation

/// Per-document stage results kept between runs in `<output>/cache/`, so that a re-run after a
/// codebook edit re-codes without re-reading or re-pseudonymising, and a run with nothing changed
/// only reassembles evidence and reports.
///
/// Holds pseudonymised text only, never an original. Each document has two files: `<id>.cache`
/// (settings it was made with, turns without their text, code hits, and the length and SHA-256 of
/// the text) and `<id>.text` (the pseudonymised text). `transcripts/<id>.txt` is a hard link to the
/// text file, so the text is written once per run and reused across runs; the digest catches a
/// transcript edited in place (the entry is then recomputed, never trusted).
/// An entry is reused when its `segmentKey` (file content, manifest row, ingest and pseudonymise
/// settings, registry, cmoc version) matches and the key file is the one the cache was made with
/// (`keyState`); its code hits are reused when the codebook is unchanged too.
struct DocumentCache: Sendable {
    struct Entry: Sendable, Hashable {
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

    /// The `docs` folder's path, with its final `/`.
    let docsPath: String

    init(output: URL) {
        folder = output.appendingPathComponent(OutputFolder.cacheFolder)
        docsPath = folder.path + "/docs/"
    }

    var stateURL: URL { folder.appendingPathComponent("key-state") }

    func url(for id: String) -> URL { URL(fileURLWithPath: path(for: id, extension: "cache")) }

    /// `docs/<safe id>.<extension>` in the cache, as a path (built per document, so without `URL`).
    func path(for id: String, extension ext: String) -> String {
        docsPath + Self.safeName(id) + "." + ext
    }

    /// Document ids come from the manifest; file names keep to a safe alphabet (ASCII letters,
    /// digits, `-`, `_`, `.`), anything else as `%XX` of its scalar. Ids already safe, the usual
    /// case, are used as they are.
    static func safeName(_ id: String) -> String {
        func safe(_ b: UInt8) -> Bool {
            (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x2D || b == 0x5F || b == 0x2E
        }
        if id.utf8.allSatisfy(safe) { return id }
        return id.unicodeScalars.map { c -> String in
            c.isASCII && safe(UInt8(c.value)) ? String(c) : String(format: "%%%02X", c.value)
        }.joined()
    }

    func keyState() -> String? {
        FileManager.default.contents(atPath: stateURL.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Forgets the key state: entries written from now on are valid only once `seal` records the
    /// key they were made with, so a run that stops half-way leaves nothing misleading.
    func unseal() { try? FileManager.default.removeItem(at: stateURL) }

    /// Records the key the entries were made with and the codebook they were coded with (a
    /// complete run codes every entry with the same one).
    func seal(keyState: String, codebookHash: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.write(Array(codebookHash.utf8), to: codebookURL)
        try Self.write(Array(keyState.utf8), to: stateURL)
    }

    var codebookURL: URL { folder.appendingPathComponent("codebook") }

    /// Writes a whole file of the cache, throwing the system's reason. Entries and texts are written
    /// in place (no temporary to rename): a torn one fails its layout or digest check when read and
    /// is no entry. The seal files go through a renamed temporary.
    private static func write<C: Collection<UInt8>>(_ bytes: C, to url: URL) throws {
        try write(bytes, to: url.path)
    }

    private static func write<C: Collection<UInt8>>(_ bytes: C, to path: String, inPlace: Bool = false) throws {
        if let reason = inPlace ? OutputFile.replace(bytes, at: path) : OutputFile.write(bytes, to: path) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedFailureReasonErrorKey: reason])
        }
    }

    /// The hash of the codebook the sealed entries were coded with; nil when unknown.
    func codebookHash() -> String? {
        FileManager.default.contents(atPath: codebookURL.path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An entry on disk: `magic`, then the entry's fields in `ByteWriter` form, turns without their
    /// text, then the text's length and SHA-256. The text is the `.text` file; turn texts are cut back
    /// out of it by their spans. An entry that does not parse, or whose text is missing or differs
    /// from the digest, is no entry.
    func load(_ id: String) -> Entry? {
        if case .entry(let entry) = lookup(id) { return entry }
        return nil
    }

    /// What the cache holds for a document.
    enum Lookup {
        case entry(Entry)
        /// A sound entry whose text file no longer matches it: the transcript (a hard link to the
        /// text) was edited after the run, or the text file replaced. The entry's segment key says
        /// whether the corpus file is still the one it was made from.
        case textEdited(segmentKey: String)
        case none
    }

    func lookup(_ id: String) -> Lookup {
        // A missing text file is a cache without that document, not an edit.
        guard let bytes = InputFile.read(path(for: id, extension: "cache")),
            let text = InputFile.read(path(for: id, extension: "text"))
        else {
            return .none
        }
        var segmentKey: String?
        if let entry = Self.decode(bytes, text: text, segmentKey: &segmentKey) { return .entry(entry) }
        return segmentKey.map { .textEdited(segmentKey: $0) } ?? .none
    }

    /// Writes a document's pseudonymised text (before its entry: an entry names its text by digest).
    func storeText(_ text: String, id: String) throws {
        var text = text
        try text.withUTF8 { try Self.write($0, to: path(for: id, extension: "text"), inPlace: true) }
    }

    /// Writes the entry (its text is stored apart, by `storeText`).
    func store(_ entry: Entry, id: String) throws {
        try Self.write(Self.encode(entry), to: path(for: id, extension: "cache"), inPlace: true)
    }

    /// Removes a document's entry (its text file is left to be replaced).
    func forget(_ id: String) { unlink(path(for: id, extension: "cache")) }

    /// Makes `path` a hard link to the document's cached text (replacing any file there); false
    /// when the file system cannot (the caller writes a copy instead).
    func linkText(_ id: String, to path: String) -> Bool { OutputFile.link(self.path(for: id, extension: "text"), to: path) == nil }

    /// Names the layout; bump it when `encode` changes so older entries are recomputed, not misread.
    static let magic = Array("cmoc-cache 4\n".utf8)

    static func encode(_ entry: Entry) -> [UInt8] {
        let document = entry.document
        var out = ByteWriter(capacity: document.text.utf8.count + 64 * (document.turns.count + entry.hits.count) + 256)
        out.raw(magic)
        out.string(entry.segmentKey)
        out.string(entry.codebookHash)
        out.string(entry.format)
        out.string(entry.encoding)
        out.int(entry.speakers)
        out.int(entry.attributedTurns)
        out.int(entry.warnings.count)
        for warning in entry.warnings {
            out.string(warning.severity.rawValue)
            out.string(warning.stage)
            out.bool(warning.location != nil)
            if let location = warning.location {
                out.string(location.file)
                out.int(location.line)
                out.int(location.column)
                out.int(location.byteOffset)
            }
            out.string(warning.message)
            out.string(warning.hint)
        }
        out.string(document.id)
        out.string(document.site)
        out.string(document.dataType)
        out.string(document.format)
        out.int(document.turns.count)
        for turn in document.turns {
            // A turn's document and site are its document's (written only where they are not).
            let own = turn.documentID == document.id && turn.site == document.site
            out.bool(own)
            if !own {
                out.string(turn.documentID)
                out.string(turn.site)
            }
            out.string(turn.speaker)
            out.string(turn.role)
            out.int(turn.index)
            out.int(turn.span.start)
            out.int(turn.span.end)
            out.double(turn.start)
            out.double(turn.end)
        }
        out.int(entry.hits.count)
        for hit in entry.hits {
            let own = hit.documentID == document.id
            out.bool(own)
            if !own { out.string(hit.documentID) }
            out.int(hit.turnIndex)
            out.string(hit.codeID)
            out.string(hit.ruleID)
            out.int(hit.span.start)
            out.int(hit.span.end)
            out.string(hit.direction.rawValue)
        }
        out.int(document.text.utf8.count)
        out.raw(digest(document.text))
        return out.bytes
    }

    /// The entry `bytes` holds, with `text` as its document's text; nil when either is damaged or
    /// `text` is not the text the entry was made with.
    static func decode(_ bytes: [UInt8], text: [UInt8]) -> Entry? {
        var ignored: String?
        return decode(bytes, text: text, segmentKey: &ignored)
    }

    /// `decode`, also giving the entry's segment key when the entry is sound but `text` is not its
    /// text (and only then).
    static func decode(_ bytes: [UInt8], text: [UInt8], segmentKey textEditedKey: inout String?) -> Entry? {
        guard bytes.starts(with: magic) else { return nil }
        var input = ByteReader(bytes, offset: magic.count)
        guard let segmentKey = input.string(), let codebookHash = input.string(), let format = input.string(),
            let encoding = input.string(), let speakers = input.int(), let attributedTurns = input.int(),
            let warningCount = input.count()
        else { return nil }
        var warnings: [Diagnostic] = []
        for _ in 0..<warningCount {
            guard let severityName = input.string(), let severity = Diagnostic.Severity(rawValue: severityName),
                let stage = input.string(), let located = input.bool()
            else { return nil }
            var location: SourceLocation?
            if located {
                guard let file = input.string(), let line = input.optionalInt(), let column = input.optionalInt(),
                    let byteOffset = input.optionalInt()
                else { return nil }
                location = SourceLocation(file: file, line: line, column: column, byteOffset: byteOffset)
            }
            guard let message = input.string(), let hint = input.optionalString() else { return nil }
            warnings.append(Diagnostic(severity, stage: stage, at: location, message, hint: hint))
        }
        guard let id = input.string(), let site = input.string(), let dataType = input.string(),
            let documentFormat = input.string(), let turnCount = input.count()
        else { return nil }
        var turns: [Turn] = []
        turns.reserveCapacity(turnCount)
        for _ in 0..<turnCount {
            guard let own = input.bool(), let documentID = own ? id : input.string(),
                let turnSite = own ? site : input.string(), let speaker = input.optionalString(),
                let role = input.optionalString(), let index = input.int(), let start = input.int(),
                let end = input.int(), let startTime = input.optionalDouble(), let endTime = input.optionalDouble()
            else { return nil }
            turns.append(
                Turn(
                    documentID: documentID, site: turnSite, speaker: speaker, role: role, index: index, text: "",
                    span: ByteSpan(start, end), start: startTime, end: endTime))
        }
        guard let hitCount = input.count() else { return nil }
        var hits: [CodeHit] = []
        hits.reserveCapacity(hitCount)
        for _ in 0..<hitCount {
            guard let own = input.bool(), let documentID = own ? id : input.string(), let turnIndex = input.int(),
                let codeID = input.string(),
                let ruleID = input.string(), let start = input.int(), let end = input.int(),
                let directionName = input.string(), let direction = Direction(rawValue: directionName)
            else { return nil }
            hits.append(
                CodeHit(
                    documentID: documentID, turnIndex: turnIndex, codeID: codeID, ruleID: ruleID,
                    span: ByteSpan(start, end), direction: direction))
        }
        guard let textLength = input.int(), textLength >= 0, let digest = input.raw(SHA256.byteCount), input.atEnd
        else { return nil }
        guard textLength == text.count, digest.elementsEqual(SHA256.hash(data: text)) else {
            textEditedKey = segmentKey
            return nil
        }
        for i in turns.indices {
            let span = turns[i].span
            guard span.start >= 0, span.end <= text.count, span.start <= span.end else { return nil }
            turns[i].text = String(decoding: text[span.start..<span.end], as: UTF8.self)
        }
        let document = SegmentedDocument(
            id: id, site: site, dataType: dataType, format: documentFormat, text: String(decoding: text, as: UTF8.self),
            turns: turns)
        return Entry(
            segmentKey: segmentKey, codebookHash: codebookHash, format: format, encoding: encoding, speakers: speakers,
            attributedTurns: attributedTurns, warnings: warnings, document: document, hits: hits)
    }

    /// SHA-256 of a text's UTF-8, without copying it.
    static func digest(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { Array(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
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
