import CmocModel

/// The codes a run knows (the codebook's and the CMOCs'), numbered once per run in their sorted
/// (`String <`) order, with what `prepare` asks of each code: whether the codebook lists it, the
/// CMOCs it takes part in, and its segment-row bytes. A hit's code is looked up once and carried as
/// its number, so per-hit and per-turn work uses the number (a bit in a mask, an index) instead of
/// hashing or comparing the String again; ascending numbers are the codes' sorted order, so a mask
/// read bit by bit gives a sorted code list without sorting.
struct CodeTable: Sendable {
    /// Code ids by number, sorted.
    let ids: [String]
    private let numbers: [String: Int]
    /// Whether the codebook lists the code.
    let known: [Bool]
    /// The CMOCs the code takes part in, with its part (nil: counter-evidence), as `CMOCRelevance`.
    let cmocs: [[(cmoc: Int, component: Component?)]]
    /// `ByteWriter.string(id)` then `ByteWriter.string(kind)` ("" when the kind is not given): what a
    /// segment row holds of its code.
    let rowBytes: [[UInt8]]

    /// Codes that fit in a `UInt64` mask (numbers below this).
    static let maskWidth = 64

    init(knownCodes: Set<String>, relevance: CMOCRelevance, codeKinds: [String: String]) {
        let ids = knownCodes.union(relevance.byCode.keys).sorted()
        self.ids = ids
        var numbers: [String: Int] = [:]
        for (number, id) in ids.enumerated() { numbers[id] = number }
        self.numbers = numbers
        known = ids.map(knownCodes.contains)
        cmocs = ids.map { relevance.byCode[$0] ?? [] }
        rowBytes = ids.map { id in
            var writer = ByteWriter(capacity: 32)
            writer.string(id)
            writer.string(codeKinds[id] ?? "")
            return writer.bytes
        }
    }

    /// The number of `id`, or nil for a code neither the codebook nor a CMOC names.
    @inline(__always)
    func number(of id: String) -> Int? { numbers[id] }

    /// The ids of the codes in `mask` (bits are code numbers), sorted.
    func ids(in mask: UInt64) -> [String] {
        guard mask != 0 else { return [] }
        var out: [String] = []
        out.reserveCapacity(mask.nonzeroBitCount)
        var rest = mask
        while rest != 0 {
            out.append(ids[rest.trailingZeroBitCount])
            rest &= rest &- 1
        }
        return out
    }

    /// The bit of code `number` in a mask, or nil when it has none (no number, or past `maskWidth`).
    @inline(__always)
    static func bit(_ number: Int) -> UInt64? {
        number >= 0 && number < maskWidth ? UInt64(1) << UInt64(number) : nil
    }
}
