/// An open-addressing hash table keyed by the tokeniser's 64-bit word hashes: the keys are already
/// well-mixed FNV-1a values, so a look-up is one multiply and usually one probe into one cache
/// line (key and value side by side), with none of `Dictionary`'s re-hashing through `Hasher`.
/// Exact on keys: the same answers as a `[UInt64: Value]` holding the same pairs.
struct WordTable<Value: Sendable>: Sendable {
    struct Slot: Sendable {
        var key: UInt64
        var value: Value?
    }

    private var slots: [Slot]
    private var shift: UInt64
    private(set) var count = 0

    /// A table sized for about `capacity` keys without growing; capacity 0 allocates nothing until
    /// the first key.
    init(capacity: Int = 8) {
        guard capacity > 0 else {
            slots = []
            shift = 64
            return
        }
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, value: nil), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    var isEmpty: Bool { count == 0 }

    /// The home slot of `key`: the top bits of its multiplied hash, below the slot count (a power
    /// of two, `64 - shift` bits) once the table has slots.
    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift) }

    /// The value stored for `key`, if any.
    @inline(__always) subscript(key: UInt64) -> Value? {
        guard !slots.isEmpty else { return nil }
        let start = slot(key)
        // Every index is below the slot count (`slot`, then masked), so the probe reads unchecked.
        return slots.withUnsafeBufferPointer { buffer in
            let mask = buffer.count - 1
            var i = start
            while true {
                guard let value = buffer[i].value else { return nil }
                if buffer[i].key == key { return value }
                i = (i + 1) & mask
            }
        }
    }

    /// Whether `key` is in the table.
    @inline(__always) func contains(_ key: UInt64) -> Bool { self[key] != nil }

    /// Sets the value for `key` to `update(old)` (`old` nil when absent).
    mutating func update(_ key: UInt64, _ update: (Value?) -> Value) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var i = slot(key)
        while let old = slots[i].value {
            if slots[i].key == key {
                slots[i].value = update(old)
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: update(nil))
        count += 1
    }

    /// Sets the value for `key`.
    mutating func set(_ key: UInt64, _ value: Value) { update(key) { _ in value } }

    /// Every key with its value, in table order.
    var pairs: [(key: UInt64, value: Value)] {
        slots.compactMap { slot in slot.value.map { (slot.key, $0) } }
    }

    private mutating func grow() {
        var bigger = WordTable(capacity: max(slots.count, 8))
        for slot in slots { if let value = slot.value { bigger.set(slot.key, value) } }
        self = bigger
    }
}

/// A set of word hashes on the same table.
struct WordSet: Sendable {
    private var table: WordTable<Bool>

    init(capacity: Int = 8) { table = WordTable(capacity: capacity) }

    init(_ words: [String]) {
        table = WordTable(capacity: words.count)
        for word in words { table.set(TextBytes.hash(word), true) }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { table.contains(key) }

    var isEmpty: Bool { table.isEmpty }

    mutating func insert(_ key: UInt64) { table.set(key, true) }
}

/// A 4096-bit filter over word hashes in front of a small table: a word whose bit is clear is
/// certainly absent, answered by one predictable branch instead of a probe whose outcome (empty
/// slot, other key) the processor cannot guess. A set bit means "maybe": ask the table.
struct HashFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 64)

    /// The bit of `hash`: 12 top bits of its multiplied value (FNV's low bits mix least).
    @inline(__always) private static func bit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) &>> 52) }

    mutating func insert(_ hash: UInt64) {
        let bit = HashFilter.bit(hash)
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// False only when `hash` was never inserted.
    @inline(__always) func mayContain(_ hash: UInt64) -> Bool {
        let bit = HashFilter.bit(hash)
        return bits.withUnsafeBufferPointer { $0[bit >> 6] } & (1 << UInt64(bit & 63)) != 0
    }
}
