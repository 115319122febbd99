import CmocModel
import Foundation

/// Where each document's `segments.csv` and `presence.csv` rows wait between `add` and the report:
/// one compact block per document, in memory or appended to a spill file, so the builder does not hold
/// every hit's excerpt until `finish` when a file is given.
///
/// Append-only: a copy of the store (a copied builder) keeps its own block table and stays valid,
/// because no block is ever overwritten. A block that cannot be written stays in memory.
public struct SpilledRows: Sendable, Codable, Hashable {
    /// Where one document's block is.
    enum Location: Sendable, Codable, Hashable {
        case file(offset: UInt64, length: Int)
        case memory([UInt8])
    }

    /// The spill file, or nil when every block is in memory.
    public let file: URL?
    var blocks: [String: Location] = [:]
    /// Blocks held in memory (as `.memory` in `blocks`) until about `batchBytes` of them are written
    /// to the file together, in this order: one open, seek and write per batch, not per document
    /// (`add` runs in order, so each call there is paid on the critical path).
    private var pending: [String] = []
    private var pendingBytes = 0
    /// About how many bytes of blocks one write to the spill file takes.
    static let batchBytes = 1 << 20

    init(file: URL?) { self.file = file }

    /// Stores the block of `documentID` (replacing none: ids are added once).
    mutating func append(_ documentID: String, _ block: [UInt8]) {
        blocks[documentID] = .memory(block)
        guard file != nil, !block.isEmpty else { return }
        pending.append(documentID)
        pendingBytes += block.count
        if pendingBytes >= Self.batchBytes { flush() }
    }

    /// Writes the blocks held back to the file (those that cannot be written stay in memory).
    mutating func flush() {
        guard let file, !pending.isEmpty else { return }
        defer {
            pending = []
            pendingBytes = 0
        }
        var batch = Data(capacity: pendingBytes)
        var lengths: [(id: String, length: Int)] = []
        for id in pending {
            guard case .memory(let bytes)? = blocks[id] else { continue }
            batch.append(contentsOf: bytes)
            lengths.append((id, bytes.count))
        }
        do {
            if !FileManager.default.fileExists(atPath: file.path) {
                guard FileManager.default.createFile(
                    atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else { return }
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            var offset = try handle.seekToEnd()
            try handle.write(contentsOf: batch)
            for (id, length) in lengths {
                blocks[id] = .file(offset: offset, length: length)
                offset += UInt64(length)
            }
        } catch {
            return
        }
    }

    /// This store with every block held back written to the file: what a report reads back from.
    func flushed() -> SpilledRows {
        var copy = self
        copy.flush()
        return copy
    }

    /// The block of `documentID`, if it has one.
    func block(_ documentID: String) throws(DiagnosticError) -> [UInt8]? {
        guard let location = blocks[documentID] else { return nil }
        var reader = Reader(self)
        defer { reader.close() }
        return try reader.block(location)
    }

    /// Calls `body` with each document's block, documents in `order`.
    func forEachBlock(
        in order: [String], _ body: ([UInt8]) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        var reader = Reader(self)
        defer { reader.close() }
        for id in order {
            guard let location = blocks[id] else { continue }
            try body(try reader.block(location))
        }
    }

    /// Calls `body` with the presence part of each document's block (the bytes after its segment
    /// rows: the presence count and rows), documents in `order`; nil for a damaged block. From the
    /// spill file only that part is read, not the segment rows before it.
    func forEachPresencePart(
        in order: [String], _ body: ([UInt8]?) throws(DiagnosticError) -> Void
    ) throws(DiagnosticError) {
        var reader = Reader(self)
        defer { reader.close() }
        for id in order {
            guard let location = blocks[id] else { continue }
            try body(try reader.presencePart(location))
        }
    }

    /// Where a block of `length` bytes, starting with `head`, has its presence part (past the
    /// segment rows' length and the segment rows); nil when that length is damaged.
    static func presenceStart(_ head: [UInt8], length: Int) -> Int? {
        head.withUnsafeBufferPointer { bytes in
            var input = FieldReader(bytes)
            guard let segmentBytes = input.int(), segmentBytes >= 0, segmentBytes <= length - input.offset else {
                return nil
            }
            return input.offset + segmentBytes
        }
    }

    /// Calls `body` with each in-memory block, documents in `order` (a store without a file).
    func forEachMemoryBlock(in order: [String], _ body: ([UInt8]) -> Void) {
        for id in order {
            if case .memory(let bytes)? = blocks[id] { body(bytes) }
        }
    }

    /// Removes the spill file (after the reports are written).
    public func remove() {
        if let file { try? FileManager.default.removeItem(at: file) }
    }

    /// Reads blocks from the spill file through one open handle.
    struct Reader {
        let store: SpilledRows
        var handle: FileHandle?

        init(_ store: SpilledRows) { self.store = store }

        mutating func block(_ location: Location) throws(DiagnosticError) -> [UInt8] {
            switch location {
            case .memory(let bytes): return bytes
            case .file(let offset, let length): return try read(offset: offset, length: length)
            }
        }

        /// The bytes of a block after its segment rows (see `forEachPresencePart`), nil when its
        /// length in front is damaged.
        mutating func presencePart(_ location: Location) throws(DiagnosticError) -> [UInt8]? {
            switch location {
            case .memory(let bytes):
                guard let start = SpilledRows.presenceStart(bytes, length: bytes.count) else { return nil }
                return Array(bytes[start...])
            case .file(let offset, let length):
                // The segment rows' length is a varint of at most `intBound` bytes in front.
                let head = try read(offset: offset, length: min(length, RowBlockWriter.intBound))
                guard let start = SpilledRows.presenceStart(head, length: length) else { return nil }
                return try read(offset: offset + UInt64(start), length: length - start)
            }
        }

        /// `length` bytes from `offset` of the spill file, read straight into the array (no `Data`
        /// in between, so no second copy).
        private mutating func read(offset: UInt64, length: Int) throws(DiagnosticError) -> [UInt8] {
            do {
                guard let file = store.file else { throw CocoaError(.fileNoSuchFile) }
                if handle == nil { handle = try FileHandle(forReadingFrom: file) }
                guard let descriptor = handle?.fileDescriptor else { throw CocoaError(.fileNoSuchFile) }
                var complete = true
                let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
                    initialized = 0
                    guard let base = buffer.baseAddress else { return }
                    while initialized < length {
                        let got = pread(descriptor, base + initialized, length - initialized, off_t(offset) + off_t(initialized))
                        if got < 0, errno == EINTR { continue }
                        guard got > 0 else { break }
                        initialized += got
                    }
                    complete = initialized == length
                }
                guard complete else { throw CocoaError(.fileReadCorruptFile) }
                return bytes
            } catch {
                throw DiagnosticError(
                    EvidenceProblem.unreadableSpill(path: store.file?.path ?? "", reason: "\(error)").diagnostic())
            }
        }

        mutating func close() {
            try? handle?.close()
            handle = nil
        }
    }
}

/// The byte layout of one document's block: the byte length of its segment rows, its segment rows,
/// then its presence rows (`ByteWriter` fields), so decoding gives back exactly the rows that were
/// encoded, and a reader of one table can step over the other.
enum RowCodec {
    /// The block of one document's record, written straight from it (`encode(segments:presence:)`
    /// writes the same layout row by row; `RowCodecTests` holds them to each other).
    /// `table`: the run's code table the record was made with (its codes' row bytes are taken from
    /// it, not made per document); nil makes them from `codeKinds`.
    static func encode(
        _ record: DocumentRecord, codeKinds: [String: String], unknownRole: String, codes table: CodeTable? = nil
    ) -> [UInt8] {
        // What repeats from row to row is encoded once: the document's fields, a turn's speaker and
        // role, a code with its kind, a direction.
        func encoded(_ write: (inout ByteWriter) -> Void) -> [UInt8] {
            var writer = ByteWriter(capacity: 64)
            write(&writer)
            return writer.bytes
        }
        let head = encoded {
            $0.string(record.site)
            $0.string(record.id)
            $0.string(record.dataType)
        }
        let supports = encoded { $0.string(Direction.supports.rawValue) }
        let negated = encoded { $0.string(Direction.negated.rawValue) }
        let tentative = encoded { $0.string(Direction.tentative.rawValue) }
        let intBound = RowBlockWriter.intBound
        // One buffer for the whole block: the segment rows' byte length goes in front of them but is
        // known only once they are written, so room for the longest length is left there and the
        // length is written at its end (the block starts where it starts): the rows are not copied.
        var part = RowBlockWriter(
            capacity: intBound + record.hits.count * (head.count + 96) + record.hitExcerpts.count + 16
                + record.turns.count * (head.count + 48) + 32)
        part.row(bound: intBound) { $0.gap(intBound) }
        let rowsStart = part.written
        part.row(bound: intBound) { $0.int(record.hits.count) }
        // A turn's speaker and role are written straight from its record (looked up when the turn
        // changes, without copying the record).
        var whoTurn: Int?
        var speaker: String?
        var role = unknownRole
        var whoBound = 0
        var codes: [String: [UInt8]] = [:]
        var lastCode: (id: String, bytes: [UInt8])?
        // Hits and turns are read in place by index (a copy of a record per row would retain its
        // strings and arrays).
        let hits = record.hits
        for h in hits.indices {
            if whoTurn != hits[h].turnIndex {
                if let position = record.turnPosition(hits[h].turnIndex) {
                    speaker = record.turns[position].speaker
                    role = record.turns[position].role
                } else {
                    speaker = nil
                    role = unknownRole
                }
                whoBound = RowBlockWriter.bound(speaker) + RowBlockWriter.bound(role)
                whoTurn = hits[h].turnIndex
            }
            let code: [UInt8]
            if let table, hits[h].code >= 0, hits[h].code < table.rowBytes.count {
                code = table.rowBytes[hits[h].code]
            } else if let last = lastCode, last.id == hits[h].codeID {
                code = last.bytes
            } else {
                code = codes[hits[h].codeID] ?? encoded {
                    $0.string(hits[h].codeID)
                    $0.string(codeKinds[hits[h].codeID] ?? "")
                }
                if codes[hits[h].codeID] == nil { codes[hits[h].codeID] = code }
                lastCode = (hits[h].codeID, code)
            }
            let direction: [UInt8]
            switch hits[h].direction {
            case .supports: direction = supports
            case .negated: direction = negated
            case .tentative: direction = tentative
            }
            let excerpt = hits[h].excerpt.clamped(to: 0..<record.hitExcerpts.count)
            let bound = head.count + whoBound + code.count + direction.count + RowBlockWriter.bound(hits[h].ruleID)
                + 5 * intBound + excerpt.count
            var row = part.reserve(bound)
            row.raw(head)
            row.int(hits[h].turnIndex)
            row.string(speaker)
            row.string(role)
            row.raw(code)
            row.string(hits[h].ruleID)
            row.raw(direction)
            row.int(hits[h].span.start)
            row.int(hits[h].span.end)
            record.hitExcerpts.withUnsafeBufferPointer { row.string(UnsafeBufferPointer(rebasing: $0[excerpt])) }
            part.commit(row)
        }
        let blockStart = part.int(part.written - rowsStart, endingAt: rowsStart)
        var out = consume part
        out.row(bound: intBound) { $0.int(record.turns.count) }
        for t in record.turns.indices {
            let speaker = record.turns[t].speaker
            let role = record.turns[t].role
            let codes = record.turns[t].supportingCodes
            var bound = head.count + intBound + RowBlockWriter.bound(speaker) + RowBlockWriter.bound(role) + intBound
            for code in codes { bound += RowBlockWriter.bound(code) }
            out.row(bound: bound) { row in
                row.raw(head)
                row.int(record.turns[t].index)
                row.string(speaker)
                row.string(role)
                row.int(codes.count)
                for code in codes { row.string(code) }
            }
        }
        return out.finish(from: blockStart)
    }

    /// The block of rows given as values, written row by row (the layout `encode(record)` writes straight
    /// from a record): how rows held in memory are read as bytes, like spilled ones.
    static func encode(segments: [SegmentRow], presence: [PresenceRow]) -> [UInt8] {
        func turn(_ site: String, _ document: String, _ dataType: String, _ index: Int, _ speaker: String?, _ role: String, _ out: inout ByteWriter) {
            out.string(site)
            out.string(document)
            out.string(dataType)
            out.int(index)
            out.string(speaker)
            out.string(role)
        }
        var part = ByteWriter()
        part.int(segments.count)
        for row in segments {
            turn(row.siteID, row.documentID, row.dataType, row.turnIndex, row.speaker, row.role, &part)
            part.string(row.codeID)
            part.string(row.codeKind)
            part.string(row.ruleID)
            part.string(row.direction.rawValue)
            part.int(row.span.start)
            part.int(row.span.end)
            part.string(row.excerpt)
        }
        var out = ByteWriter()
        out.int(part.bytes.count)
        out.raw(part.bytes)
        out.int(presence.count)
        for row in presence {
            turn(row.siteID, row.documentID, row.dataType, row.turnIndex, row.speaker, row.role, &out)
            out.int(row.codes.count)
            for code in row.codes { out.string(code) }
        }
        return out.bytes
    }

    /// The rows of a block (only those asked for: the other list is left empty); nil when the
    /// block is damaged.
    static func decode(
        _ block: [UInt8], segments wantSegments: Bool = true, presence wantPresence: Bool = true
    ) -> (segments: [SegmentRow], presence: [PresenceRow])? {
        var input = ByteReader(block)
        var segments: [SegmentRow] = []
        var presence: [PresenceRow] = []
        guard let segmentBytes = input.count() else { return nil }
        let presenceStart = input.offset + segmentBytes
        if wantSegments {
            var part = ByteReader(block, offset: input.offset)
            guard let decoded = decodeSegments(&part), part.offset == presenceStart else { return nil }
            segments = decoded
        }
        guard wantPresence else { return (segments, presence) }
        guard input.raw(segmentBytes) != nil, let presenceCount = input.count(),
            let decoded = decodePresence(&input, count: presenceCount)
        else { return nil }
        presence = decoded
        return (segments, presence)
    }

    private static func decodeSegments(_ input: inout ByteReader) -> [SegmentRow]? {
        guard let segmentCount = input.count() else { return nil }
        var segments: [SegmentRow] = []
        segments.reserveCapacity(segmentCount)
        for _ in 0..<segmentCount {
            guard let site = input.string(), let document = input.string(), let dataType = input.string(),
                let turn = input.int(), let speaker = input.optionalString(), let role = input.string(),
                let code = input.string(), let kind = input.string(), let rule = input.string(),
                let directionName = input.string(), let direction = Direction(rawValue: directionName),
                let start = input.int(), let end = input.int(), let excerpt = input.string()
            else { return nil }
            segments.append(
                SegmentRow(
                    siteID: site, documentID: document, dataType: dataType, turnIndex: turn, speaker: speaker,
                    role: role, codeID: code, codeKind: kind, ruleID: rule, direction: direction,
                    span: ByteSpan(start, end), excerpt: excerpt))
        }
        return segments
    }

    /// Decodes the presence rows that follow `count` (already read).
    private static func decodePresence(_ input: inout ByteReader, count presenceCount: Int) -> [PresenceRow]? {
        var presence: [PresenceRow] = []
        presence.reserveCapacity(presenceCount)
        for _ in 0..<presenceCount {
            guard let site = input.string(), let document = input.string(), let dataType = input.string(),
                let turn = input.int(), let speaker = input.optionalString(), let role = input.string(),
                let codeCount = input.count()
            else { return nil }
            var codes: [String] = []
            for _ in 0..<codeCount {
                guard let code = input.string() else { return nil }
                codes.append(code)
            }
            presence.append(
                PresenceRow(
                    siteID: site, documentID: document, dataType: dataType, turnIndex: turn, speaker: speaker,
                    role: role, codes: codes))
        }
        return presence
    }

    /// The quotable excerpts of one document: per CMOC, per segment, the supporting excerpt and the
    /// refuting one if any.
    static func encode(excerpts: [[(Excerpt.Text, Excerpt.Text?)]]) -> [UInt8] {
        var out = ByteWriter()
        out.int(excerpts.count)
        for segments in excerpts {
            out.int(segments.count)
            for (excerpt, refuting) in segments {
                put(excerpt, &out)
                out.bool(refuting != nil)
                if let refuting { put(refuting, &out) }
            }
        }
        return out.bytes
    }

    /// The excerpts of `encode(excerpts:)`; nil when the block is damaged.
    static func decodeExcerpts(_ block: [UInt8]) -> [[(Excerpt.Text, Excerpt.Text?)]]? {
        var input = ByteReader(block)
        guard let cmocCount = input.count() else { return nil }
        var result: [[(Excerpt.Text, Excerpt.Text?)]] = []
        for _ in 0..<cmocCount {
            guard let count = input.count() else { return nil }
            var segments: [(Excerpt.Text, Excerpt.Text?)] = []
            for _ in 0..<count {
                guard let excerpt = excerpt(&input), let hasRefuting = input.bool() else { return nil }
                if hasRefuting {
                    guard let refuting = Self.excerpt(&input) else { return nil }
                    segments.append((excerpt, refuting))
                } else {
                    segments.append((excerpt, nil))
                }
            }
            result.append(segments)
        }
        return result
    }

    private static func put(_ excerpt: Excerpt.Text, _ out: inout ByteWriter) {
        out.string(excerpt.text)
        out.int(excerpt.highlight.start)
        out.int(excerpt.highlight.end)
    }

    /// What `put` writes for an excerpt given as its UTF-8 bytes.
    static func putExcerpt(_ text: [UInt8], highlight: ByteSpan, into out: inout ByteWriter) {
        out.int(text.count)
        out.raw(text)
        out.int(highlight.start)
        out.int(highlight.end)
    }

    private static func excerpt(_ input: inout ByteReader) -> Excerpt.Text? {
        guard let text = input.string(), let start = input.int(), let end = input.int() else { return nil }
        return Excerpt.Text(text: text, highlight: ByteSpan(start, end))
    }
}
