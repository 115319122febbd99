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

    init(file: URL?) { self.file = file }

    /// Stores the block of `documentID` (replacing none: ids are added once).
    mutating func append(_ documentID: String, _ block: [UInt8]) {
        guard let file, !block.isEmpty else {
            blocks[documentID] = .memory(block)
            return
        }
        do {
            if !FileManager.default.fileExists(atPath: file.path) {
                guard FileManager.default.createFile(
                    atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    blocks[documentID] = .memory(block)
                    return
                }
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            let offset = try handle.seekToEnd()
            try handle.write(contentsOf: Data(block))
            blocks[documentID] = .file(offset: offset, length: block.count)
        } catch {
            blocks[documentID] = .memory(block)
        }
    }

    /// Copies the block of `documentID` from another store into this one.
    mutating func append(_ documentID: String, from other: SpilledRows) throws(DiagnosticError) {
        guard let location = other.blocks[documentID] else { return }
        var reader = Reader(other)
        defer { reader.close() }
        append(documentID, try reader.block(location))
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
            case .file(let offset, let length):
                do {
                    guard let file = store.file else { throw CocoaError(.fileNoSuchFile) }
                    if handle == nil { handle = try FileHandle(forReadingFrom: file) }
                    guard let handle else { throw CocoaError(.fileNoSuchFile) }
                    try handle.seek(toOffset: offset)
                    let data = try handle.read(upToCount: length) ?? Data()
                    guard data.count == length else { throw CocoaError(.fileReadCorruptFile) }
                    return [UInt8](data)
                } catch {
                    throw DiagnosticError(
                        EvidenceProblem.unreadableSpill(path: store.file?.path ?? "", reason: "\(error)").diagnostic())
                }
            }
        }

        mutating func close() {
            try? handle?.close()
            handle = nil
        }
    }
}

/// The byte layout of one document's block: its segment rows then its presence rows, fields
/// length-prefixed, so decoding gives back exactly the rows that were encoded.
enum RowCodec {
    static func encode(segments: [SegmentRow], presence: [PresenceRow]) -> [UInt8] {
        var out: [UInt8] = []
        put(segments.count, &out)
        for row in segments {
            putTurn(row.siteID, row.documentID, row.dataType, row.turnIndex, row.speaker, row.role, &out)
            put(row.codeID, &out)
            put(row.codeKind, &out)
            put(row.ruleID, &out)
            put(row.direction.rawValue, &out)
            put(row.span.start, &out)
            put(row.span.end, &out)
            put(row.excerpt, &out)
        }
        put(presence.count, &out)
        for row in presence {
            putTurn(row.siteID, row.documentID, row.dataType, row.turnIndex, row.speaker, row.role, &out)
            put(row.codes.count, &out)
            for code in row.codes { put(code, &out) }
        }
        return out
    }

    /// The rows of a block; nil when the block is damaged.
    static func decode(_ block: [UInt8]) -> (segments: [SegmentRow], presence: [PresenceRow])? {
        var at = 0
        var segments: [SegmentRow] = []
        var presence: [PresenceRow] = []
        guard let segmentCount = int(block, &at) else { return nil }
        for _ in 0..<max(0, segmentCount) {
            guard let site = string(block, &at), let document = string(block, &at), let dataType = string(block, &at),
                let turn = int(block, &at), let speaker = optional(block, &at), let role = string(block, &at),
                let code = string(block, &at), let kind = string(block, &at), let rule = string(block, &at),
                let directionName = string(block, &at), let direction = Direction(rawValue: directionName),
                let start = int(block, &at), let end = int(block, &at), let excerpt = string(block, &at)
            else { return nil }
            segments.append(
                SegmentRow(
                    siteID: site, documentID: document, dataType: dataType, turnIndex: turn, speaker: speaker,
                    role: role, codeID: code, codeKind: kind, ruleID: rule, direction: direction,
                    span: ByteSpan(start, end), excerpt: excerpt))
        }
        guard let presenceCount = int(block, &at) else { return nil }
        for _ in 0..<max(0, presenceCount) {
            guard let site = string(block, &at), let document = string(block, &at), let dataType = string(block, &at),
                let turn = int(block, &at), let speaker = optional(block, &at), let role = string(block, &at),
                let codeCount = int(block, &at)
            else { return nil }
            var codes: [String] = []
            for _ in 0..<max(0, codeCount) {
                guard let code = string(block, &at) else { return nil }
                codes.append(code)
            }
            presence.append(
                PresenceRow(
                    siteID: site, documentID: document, dataType: dataType, turnIndex: turn, speaker: speaker,
                    role: role, codes: codes))
        }
        return (segments, presence)
    }

    /// The fields both kinds of row start with: where the turn is and who speaks.
    /// The quotable excerpts of one document: per CMOC, per segment, the supporting excerpt and the
    /// refuting one if any.
    static func encode(excerpts: [[(Excerpt.Text, Excerpt.Text?)]]) -> [UInt8] {
        var out: [UInt8] = []
        put(excerpts.count, &out)
        for segments in excerpts {
            put(segments.count, &out)
            for (excerpt, refuting) in segments {
                put(excerpt, &out)
                if let refuting {
                    out.append(1)
                    put(refuting, &out)
                } else {
                    out.append(0)
                }
            }
        }
        return out
    }

    /// The excerpts of `encode(excerpts:)`; nil when the block is damaged.
    static func decodeExcerpts(_ block: [UInt8]) -> [[(Excerpt.Text, Excerpt.Text?)]]? {
        var at = 0
        guard let cmocCount = int(block, &at) else { return nil }
        var result: [[(Excerpt.Text, Excerpt.Text?)]] = []
        for _ in 0..<max(0, cmocCount) {
            guard let count = int(block, &at) else { return nil }
            var segments: [(Excerpt.Text, Excerpt.Text?)] = []
            for _ in 0..<max(0, count) {
                guard let excerpt = excerpt(block, &at), at < block.count else { return nil }
                let flag = block[at]
                at += 1
                if flag == 0 {
                    segments.append((excerpt, nil))
                } else {
                    guard let refuting = Self.excerpt(block, &at) else { return nil }
                    segments.append((excerpt, refuting))
                }
            }
            result.append(segments)
        }
        return result
    }

    private static func put(_ excerpt: Excerpt.Text, _ out: inout [UInt8]) {
        put(excerpt.text, &out)
        put(excerpt.highlight.start, &out)
        put(excerpt.highlight.end, &out)
    }

    private static func excerpt(_ block: [UInt8], _ at: inout Int) -> Excerpt.Text? {
        guard let text = string(block, &at), let start = int(block, &at), let end = int(block, &at) else { return nil }
        return Excerpt.Text(text: text, highlight: ByteSpan(start, end))
    }

    private static func putTurn(
        _ site: String, _ document: String, _ dataType: String, _ turn: Int, _ speaker: String?, _ role: String,
        _ out: inout [UInt8]
    ) {
        put(site, &out)
        put(document, &out)
        put(dataType, &out)
        put(turn, &out)
        put(speaker, &out)
        put(role, &out)
    }

    private static func put(_ value: Int, _ out: inout [UInt8]) {
        let bits = UInt64(bitPattern: Int64(value))
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    private static func put(_ value: String, _ out: inout [UInt8]) {
        let bytes = Array(value.utf8)
        put(bytes.count, &out)
        out += bytes
    }

    private static func put(_ value: String?, _ out: inout [UInt8]) {
        if let value {
            out.append(1)
            put(value, &out)
        } else {
            out.append(0)
        }
    }

    private static func int(_ block: [UInt8], _ at: inout Int) -> Int? {
        guard at + 8 <= block.count else { return nil }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(block[at + index]) << UInt64(index * 8) }
        at += 8
        return Int(Int64(bitPattern: bits))
    }

    private static func string(_ block: [UInt8], _ at: inout Int) -> String? {
        guard let count = int(block, &at), count >= 0, at + count <= block.count else { return nil }
        defer { at += count }
        return String(decoding: block[at..<(at + count)], as: UTF8.self)
    }

    /// An optional string: nil (outer) when damaged, `.some(nil)` when absent.
    private static func optional(_ block: [UInt8], _ at: inout Int) -> String?? {
        guard at < block.count else { return nil }
        let flag = block[at]
        at += 1
        if flag == 0 { return .some(nil) }
        guard let value = string(block, &at) else { return nil }
        return .some(value)
    }
}
