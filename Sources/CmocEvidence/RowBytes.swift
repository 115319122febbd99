import CmocModel

/// The table rows as their stored UTF-8 bytes, for writers that copy fields straight into a file
/// (`segments.csv`, `presence.csv`) instead of making a `String` of every field only to turn it back
/// into bytes. The same rows, in the same order, as `EvidenceReport.forEachRowBlock`.
///
/// A row's buffers point into the block being read: valid only inside the call that hands them out.
public struct SegmentRowBytes {
    /// Site, document, turn and speaker.
    public var turn: TurnFieldBytes
    public var code: UnsafeBufferPointer<UInt8>
    public var codeKind: UnsafeBufferPointer<UInt8>
    public var rule: UnsafeBufferPointer<UInt8>
    public var direction: UnsafeBufferPointer<UInt8>
    public var start: Int
    public var end: Int
    public var excerpt: UnsafeBufferPointer<UInt8>
}

/// The fields a segment row and a presence row both start with: where the turn is and who speaks.
public struct TurnFieldBytes {
    public var site: UnsafeBufferPointer<UInt8>
    public var document: UnsafeBufferPointer<UInt8>
    public var dataType: UnsafeBufferPointer<UInt8>
    public var turnIndex: Int
    public var speaker: UnsafeBufferPointer<UInt8>?
    public var role: UnsafeBufferPointer<UInt8>
}

/// One `presence.csv` row as stored bytes (see `SegmentRowBytes`); its codes are read with `forEachCode`.
public struct PresenceRowBytes {
    /// Site, document, turn and speaker.
    public var turn: TurnFieldBytes
    /// The encoded code list (already checked whole when the row was read).
    fileprivate var codes: UnsafeBufferPointer<UInt8>
    fileprivate var codeCount: Int

    /// Calls `body` with each code with a supporting hit in the turn, sorted.
    public func forEachCode(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var input = FieldReader(codes)
        for _ in 0..<codeCount {
            guard let code = input.field() else { return }
            body(code)
        }
    }
}

extension EvidenceReport {
    /// Calls `body` with every segment row (document id order when spilled), as bytes.
    /// Throws when rows spilled to a file cannot be read back.
    public func forEachSegmentRow(_ body: (SegmentRowBytes) throws(DiagnosticError) -> Void) throws(DiagnosticError) {
        try forEachBlock(segments: true) { (block: UnsafeBufferPointer<UInt8>) throws(DiagnosticError) -> Bool in
            var input = FieldReader(block)
            guard let segmentBytes = input.count() else { return false }
            let presenceStart = input.offset + segmentBytes
            guard let count = input.count() else { return false }
            for _ in 0..<count {
                guard let turn = input.turn(), let code = input.field(), let kind = input.field(), let rule = input.field(),
                    let direction = input.field(), let start = input.int(), let end = input.int(),
                    let excerpt = input.field()
                else { return false }
                try body(
                    SegmentRowBytes(
                        turn: turn, code: code, codeKind: kind, rule: rule, direction: direction, start: start,
                        end: end, excerpt: excerpt))
            }
            return input.offset == presenceStart
        }
    }

    /// Calls `body` with every presence row (document id order when spilled), as bytes.
    /// Throws when rows spilled to a file cannot be read back.
    public func forEachPresenceRow(_ body: (PresenceRowBytes) throws(DiagnosticError) -> Void) throws(DiagnosticError) {
        try forEachBlock(segments: false) { (block: UnsafeBufferPointer<UInt8>) throws(DiagnosticError) -> Bool in
            // The presence part: the segment rows are stepped over where the block is read.
            var input = FieldReader(block)
            guard let count = input.count() else { return false }
            for _ in 0..<count {
                guard let turn = input.turn(), let codeCount = input.count() else { return false }
                let codesStart = input.offset
                for _ in 0..<codeCount where input.field() == nil { return false }
                try body(
                    PresenceRowBytes(
                        turn: turn, codes: UnsafeBufferPointer(rebasing: block[codesStart..<input.offset]),
                        codeCount: codeCount))
            }
            return true
        }
    }

    /// Calls `read` with each block of rows: the spilled blocks in document order, or the in-memory
    /// rows encoded as one block (only the segment rows when `segments`, else only the presence rows).
    /// Without `segments`, `read` gets only each block's presence part (its count and rows): the
    /// segment rows are not read from the spill file at all.
    /// `read` returns false for a damaged block, which throws.
    private func forEachBlock(
        segments wantSegments: Bool, _ read: (UnsafeBufferPointer<UInt8>) throws(DiagnosticError) -> Bool
    ) throws(DiagnosticError) {
        func damaged() -> DiagnosticError {
            DiagnosticError(
                EvidenceProblem.unreadableSpill(path: spilledRows?.file?.path ?? "", reason: "damaged block").diagnostic())
        }
        func pass(_ block: [UInt8]?) throws(DiagnosticError) {
            guard let block else { throw damaged() }
            let fine = try block.withUnsafeBufferPointer { (bytes) throws(DiagnosticError) -> Bool in try read(bytes) }
            if !fine { throw damaged() }
        }
        guard let spilledRows else {
            let block = RowCodec.encode(segments: wantSegments ? segments : [], presence: wantSegments ? [] : presence)
            if wantSegments {
                try pass(block)
            } else {
                try pass(SpilledRows.presenceStart(block, length: block.count).map { Array(block[$0...]) })
            }
            return
        }
        if wantSegments {
            try spilledRows.forEachBlock(in: documents.map(\.id)) { (block: [UInt8]) throws(DiagnosticError) in try pass(block) }
        } else {
            try spilledRows.forEachPresencePart(in: documents.map(\.id)) { (part: [UInt8]?) throws(DiagnosticError) in
                try pass(part)
            }
        }
    }
}

/// Reads `ByteWriter` fields from a buffer as byte ranges of it (no copy); every read is nil past
/// the end or on a bad length, as `ByteReader`'s are.
struct FieldReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always)
    mutating func int() -> Int? {
        // Fast path: a one-byte varint (most counts, turn numbers and lengths below 64).
        if offset < bytes.count, bytes[offset] < 0x80 {
            let byte = Int(bytes[offset])
            offset += 1
            return (byte >> 1) ^ -(byte & 1)
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))) }
            shift += 7
        }
        return nil
    }

    /// A count or length: not negative and not beyond what is left.
    @inline(__always)
    mutating func count() -> Int? {
        guard let value = int(), value >= 0, value <= bytes.count - offset else { return nil }
        return value
    }

    mutating func skip(_ length: Int) -> Bool {
        guard length >= 0, length <= bytes.count - offset else { return false }
        offset += length
        return true
    }

    /// A string's bytes.
    @inline(__always)
    mutating func field() -> UnsafeBufferPointer<UInt8>? {
        guard let length = count() else { return nil }
        defer { offset += length }
        return UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// The fields every row starts with.
    @inline(__always)
    mutating func turn() -> TurnFieldBytes? {
        guard let site = field(), let document = field(), let dataType = field(), let index = int(),
            let speaker = optionalField(), let role = field()
        else { return nil }
        return TurnFieldBytes(
            site: site, document: document, dataType: dataType, turnIndex: index, speaker: speaker, role: role)
    }

    /// An optional string's bytes: nil (outer) when damaged, `.some(nil)` when absent.
    mutating func optionalField() -> UnsafeBufferPointer<UInt8>?? {
        guard offset < bytes.count, bytes[offset] <= 1 else { return nil }
        offset += 1
        if bytes[offset - 1] == 0 { return .some(nil) }
        return field().map { .some($0) }
    }
}
