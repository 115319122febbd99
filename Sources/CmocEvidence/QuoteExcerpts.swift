import CmocModel

extension DocumentRecord {
    /// The quotable excerpts of the segments that can still become quotes, cut from the document's
    /// text while it is at hand, laid out as `RowCodec.encode(excerpts:)` lays out every segment's:
    /// per CMOC, per segment, the supporting excerpt and the refuting one if any. A segment not
    /// `wanted` (no shortlist of this document's cells kept it) gets an empty excerpt and none
    /// refuting: `finish` never looks it up. Cutting only the shortlisted few, not every segment,
    /// is most of the saving.
    ///
    /// - Parameter wanted: per CMOC, the positions of the segments whose excerpts are needed.
    func quoteExcerpts(of document: SegmentedDocument, wanted: [[Int]]) -> [UInt8] {
        let byIndex = TurnIndexTable(document.turns.map(\.index))
        var out = ByteWriter(capacity: 16 + 8 * cmocs.reduce(0) { $0 + $1.segments.count } + 512 * wanted.joined().count)
        out.int(cmocs.count)
        var scratch: [UInt8] = []
        for (cmoc, evidence) in cmocs.enumerated() {
            var isWanted = [Bool](repeating: false, count: evidence.segments.count)
            if cmoc < wanted.count {
                for position in wanted[cmoc] where position >= 0 && position < isWanted.count { isWanted[position] = true }
            }
            out.int(evidence.segments.count)
            for (position, segment) in evidence.segments.enumerated() {
                guard isWanted[position], let turn = byIndex.position(of: segment.turnIndex) else {
                    RowCodec.putExcerpt([], highlight: ByteSpan(0, 0), into: &out)
                    out.bool(false)
                    continue
                }
                var text = document.turns[turn].text
                text.withUTF8 { bytes in
                    scratch.removeAll(keepingCapacity: true)
                    var highlight = ByteSpan(0, 0)
                    if let span = segment.quoteSpan { highlight = Excerpt.append(text: bytes, hit: span, to: &scratch) }
                    RowCodec.putExcerpt(scratch, highlight: highlight, into: &out)
                    out.bool(segment.refuteSpan != nil)
                    if let span = segment.refuteSpan {
                        scratch.removeAll(keepingCapacity: true)
                        highlight = Excerpt.append(text: bytes, hit: span, to: &scratch)
                        RowCodec.putExcerpt(scratch, highlight: highlight, into: &out)
                    }
                }
            }
        }
        return out.bytes
    }
}
