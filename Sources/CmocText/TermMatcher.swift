/// One multi-pattern automaton over UTF-8 bytes for every literal term of a run: a trie of
/// folded units, entered only at word starts, so each match is a whole word (or phrase) and
/// all matches starting at every word are reported, overlapping ones included.
///
/// ```swift
/// let matcher = TermMatcher([.parse("refer*").get(), .parse("social prescribing").get()])
/// matcher.matches(in: "She referred him for Social-Prescribing.")
/// // [term 0 at 4..<12, term 1 at 21..<39]
/// ```
///
/// Transitions are rows over byte classes (only the units that occur in some pattern get a
/// class), so a step is one table load whatever the number of terms. The rows are packed into
/// one array by row displacement (each state's row starts at its own base, and rows overlap
/// wherever their used entries do not): most trie states have one child, so the packed table is
/// a few entries per state instead of a full row, and stays in the fastest caches.
///
/// - Complexity: building is O(total pattern length × classes); scanning is O(n × d) where d
///   is the depth a word walk reaches before the trie has no continuation (bounded by the
///   longest pattern), independent of the number of patterns.
public struct TermMatcher: Sendable {
    /// A match: which term (its index in the array given to `init`) and the UTF-8 byte range.
    public struct Match: Sendable, Hashable, Comparable {
        public var term: Int
        public var start: Int
        public var end: Int
        public init(term: Int, start: Int, end: Int) {
            self.term = term
            self.start = start
            self.end = end
        }
        public static func < (a: Match, b: Match) -> Bool {
            (a.start, a.end, a.term) < (b.start, b.end, b.term)
        }
    }

    private let classOf: [UInt8]
    /// For each byte: its class if it is an ASCII letter or digit, ``separatorByte`` for ASCII
    /// separators, ``slowByte`` for non-ASCII lead bytes that need ``ByteFold``'s slow path.
    private let byteClass: [UInt8]
    private static let separatorByte: UInt8 = 255
    private static let slowByte: UInt8 = 254
    private let width: Int
    /// The packed rows. Entry `base(s) + c` is state s's transition on class c when its low half
    /// (the owner) equals s's row offset `8 * base(s)`; its high half is the next state's row
    /// offset with that state's output flags in the top bits. Any other entry means no transition.
    private let transitions: [UInt64]
    /// The state whose row starts at each entry (for reporting its outputs); -1 where none does.
    private let stateOfBase: [Int32]
    /// Row offset of the root.
    private let rootRow: Int
    private let flags: [UInt8]
    private let exactRanges: [Range<Int32>]
    private let prefixRanges: [Range<Int32>]
    private let outputs: [Int32]
    /// Number of trie states including the root, for benchmarks and diagnostics.
    public var stateCount: Int { flags.count - 1 }
    /// Number of distinct unit classes the trie distinguishes.
    public var classCount: Int { width }

    private static let root = 1
    private static let exactFlag: UInt8 = 1
    private static let prefixFlag: UInt8 = 2
    private static let flagShift: UInt32 = 30
    private static let offsetMask: UInt32 = (1 << 30) - 1

    /// Builds the automaton.
    /// - Parameter spellingVariants: also match British/American variants (``SpellingVariants``).
    public init(_ terms: [TermPattern], spellingVariants: Bool = true) {
        // Build a sparse trie first.
        var children: [[UInt8: Int32]] = [[:], [:]]  // state 0 = dead, 1 = root
        var exact: [[Int32]] = [[], []]
        var prefix: [[Int32]] = [[], []]
        var alphabet = Set<UInt8>()
        for (termIndex, term) in terms.enumerated() {
            let forms = spellingVariants ? SpellingVariants.variants(of: term.units, isPrefix: term.isPrefix) : [term.units]
            for form in forms {
                var state = TermMatcher.root
                for unit in form {
                    alphabet.insert(unit)
                    if let next = children[state][unit] {
                        state = Int(next)
                    } else {
                        children.append([:])
                        exact.append([])
                        prefix.append([])
                        let next = Int32(children.count - 1)
                        children[state][unit] = next
                        state = Int(next)
                    }
                }
                if term.isPrefix {
                    if !prefix[state].contains(Int32(termIndex)) { prefix[state].append(Int32(termIndex)) }
                } else if !exact[state].contains(Int32(termIndex)) {
                    exact[state].append(Int32(termIndex))
                }
            }
        }
        var classOf = [UInt8](repeating: 0, count: 256)
        var width = 1
        for unit in alphabet.sorted() {
            classOf[Int(unit)] = UInt8(width)
            width += 1
        }
        // Number states breadth-first so the shallow states every word walks through sit
        // together in memory (the deep ones are rarely reached).
        var newID = [Int](repeating: 0, count: children.count)
        var byNewID = [0, TermMatcher.root]
        newID[TermMatcher.root] = TermMatcher.root
        var queue = 1
        while queue < byNewID.count {
            let old = byNewID[queue]
            queue += 1
            for unit in children[old].keys.sorted() {
                guard let next = children[old][unit] else { continue }
                newID[Int(next)] = byNewID.count
                byNewID.append(Int(next))
            }
        }
        var flags = [UInt8](repeating: 0, count: byNewID.count)
        var outputs: [Int32] = []
        var exactRanges: [Range<Int32>] = []
        var prefixRanges: [Range<Int32>] = []
        for (id, old) in byNewID.enumerated() {
            let e0 = Int32(outputs.count)
            outputs += exact[old]
            exactRanges.append(e0..<Int32(outputs.count))
            let p0 = Int32(outputs.count)
            outputs += prefix[old]
            prefixRanges.append(p0..<Int32(outputs.count))
            if id > 0, !exact[old].isEmpty { flags[id] |= TermMatcher.exactFlag }
            if id > 0, !prefix[old].isEmpty { flags[id] |= TermMatcher.prefixFlag }
        }
        // Pack the rows (first fit, breadth-first so shallow states sit together): each state gets a
        // base no other state has (so an entry's owner names one state) where the entries of its
        // children's classes are free. Base 0 is never given, so a transition is never 0.
        var base = [Int](repeating: 0, count: byNewID.count)
        var occupied: [Bool] = []
        var baseTaken = [true]
        var firstFree = 0
        for (id, old) in byNewID.enumerated() where id > 0 {
            let classes = children[old].keys.map { Int(classOf[Int($0)]) }.sorted()
            var b = max(1, firstFree - (classes.first ?? 0))
            while (b < baseTaken.count && baseTaken[b]) || classes.contains(where: { b + $0 < occupied.count && occupied[b + $0] }) {
                b += 1
            }
            base[id] = b
            if b >= baseTaken.count { baseTaken += [Bool](repeating: false, count: b + 1 - baseTaken.count) }
            baseTaken[b] = true
            for c in classes {
                if b + c >= occupied.count { occupied += [Bool](repeating: false, count: b + c + 1 - occupied.count) }
                occupied[b + c] = true
            }
            while firstFree < occupied.count && occupied[firstFree] { firstFree += 1 }
        }
        // Every base plus any class stays inside the table.
        let entryCount = (base.max() ?? 0) + width
        let noTransition = UInt64(UInt32.max)
        var transitions = [UInt64](repeating: noTransition, count: entryCount)
        var stateOfBase = [Int32](repeating: -1, count: entryCount)
        for (id, old) in byNewID.enumerated() where id > 0 {
            stateOfBase[base[id]] = Int32(id)
            for (unit, next) in children[old] {
                let target = newID[Int(next)]
                let value = UInt32(base[target] * 8) | UInt32(flags[target]) << TermMatcher.flagShift
                transitions[base[id] + Int(classOf[Int(unit)])] = UInt64(UInt32(base[id] * 8)) | UInt64(value) << 32
            }
        }
        self.classOf = classOf
        self.byteClass = (0..<256).map { b in
            let unit = ByteFold.asciiTable[b]
            if unit == 0xFF { return TermMatcher.slowByte }
            if unit == ByteFold.separator { return TermMatcher.separatorByte }
            return classOf[Int(unit)]
        }
        self.width = width
        self.transitions = transitions
        self.stateOfBase = stateOfBase
        self.rootRow = base[TermMatcher.root] * 8
        self.flags = flags
        self.outputs = outputs
        self.exactRanges = exactRanges
        self.prefixRanges = prefixRanges
    }

    /// All matches in `text`, sorted by start, end, term.
    public func matches(in text: String) -> [Match] {
        var bytes = Array(text.utf8)
        var result: [Match] = []
        bytes.withUnsafeMutableBufferPointer { scan(UnsafeBufferPointer($0), into: &result) }
        result.sort()
        return result
    }

    /// The end of the word containing or starting at `k`.
    @inline(__always)
    private static func wordEnd(_ k: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ byteClass: UnsafeBufferPointer<UInt8>) -> Int {
        var k = k
        while k < bytes.count {
            let c = byteClass[Int(bytes[k])]
            if c == TermMatcher.separatorByte { break }
            if c == TermMatcher.slowByte {
                let (u, len) = ByteFold.slowUnit(at: k, in: bytes)
                if u == ByteFold.separator { break }
                k += len
            } else {
                k += 1
            }
        }
        return k
    }

    /// Where the word ends if it ends at `k` after any combining marks, else -1.
    private static func boundary(_ k: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ byteClass: UnsafeBufferPointer<UInt8>) -> Int {
        var k = k
        while k < bytes.count {
            let c = byteClass[Int(bytes[k])]
            if c == TermMatcher.separatorByte { return k }
            guard c == TermMatcher.slowByte else { return -1 }
            let (u, len) = ByteFold.slowUnit(at: k, in: bytes)
            if u != ByteFold.ignorable { return u == ByteFold.separator ? k : -1 }
            k += len
        }
        return k
    }

    /// Reports the outputs of the state a transition `next` entered (row offset `row`) for a walk
    /// from `start` that has read up to `j`. Kept out of line so the scan's walk loop keeps its
    /// state in registers (inlined, it made the compiler spill the row to the stack).
    @inline(never)
    private func report(
        _ next: UInt32, _ row: Int, _ start: Int, _ j: Int, _ bytes: UnsafeBufferPointer<UInt8>,
        _ byteClass: UnsafeBufferPointer<UInt8>, _ out: inout [Match]
    ) {
        let f = UInt8(truncatingIfNeeded: next >> TermMatcher.flagShift)
        let state = Int(stateOfBase[row &>> 3])
        if f & TermMatcher.exactFlag != 0 {
            let end = TermMatcher.boundary(j, bytes, byteClass)
            if end >= 0 {
                for k in exactRanges[state] {
                    out.append(Match(term: Int(outputs[Int(k)]), start: start, end: end))
                }
            }
        }
        if f & TermMatcher.prefixFlag != 0 {
            let end = TermMatcher.wordEnd(j, bytes, byteClass)
            for k in prefixRanges[state] {
                out.append(Match(term: Int(outputs[Int(k)]), start: start, end: end))
            }
        }
    }

    /// Appends every match in `bytes` to `out`, in order of start (then end within a start).
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [Match]) {
        let n = bytes.count
        guard n > 0 else { return }
        let sep = ByteFold.separator
        let ign = ByteFold.ignorable
        byteClass.withUnsafeBufferPointer { byteClass in
            classOf.withUnsafeBufferPointer { cls in
                transitions.withUnsafeBufferPointer { trans in
                    /// The unit at `k` through the slow path (non-ASCII lead bytes).
                    @inline(__always) func slowUnit(_ k: Int) -> (UInt8, Int) { ByteFold.slowUnit(at: k, in: bytes) }
                    @inline(__always) func wordEnd(_ k: Int) -> Int { TermMatcher.wordEnd(k, bytes, byteClass) }
                    let sepClass = Int(cls[Int(sep)])
                    let rootRow = self.rootRow
                    guard let tableBase = trans.baseAddress else { return }
                    let table = UnsafeRawPointer(tableBase)
                    /// The transition from the row at byte offset `row` on class `c`, 0 for none. Rows are
                    /// kept as byte offsets so the walk's dependent chain is one load, a shift and a mask
                    /// per byte (`table + c * 8` does not depend on the previous load); the owner check
                    /// is a compare and a select off that chain.
                    @inline(__always) func step(_ row: Int, _ c: Int) -> UInt32 {
                        let entry = (table + (c &<< 3)).load(fromByteOffset: row, as: UInt64.self)
                        let owned = UInt32(truncatingIfNeeded: entry) == UInt32(truncatingIfNeeded: row)
                        return owned ? UInt32(truncatingIfNeeded: entry &>> 32) : 0
                    }
                    var i = 0
                    while i < n {
                        // Find the next word start.
                        let c0 = byteClass[Int(bytes[i])]
                        if c0 == TermMatcher.separatorByte {
                            i += 1
                            continue
                        }
                        if c0 == TermMatcher.slowByte {
                            let (u, len) = slowUnit(i)
                            if u == sep || u == ign {
                                i += len
                                continue
                            }
                        }
                        let start = i
                        var row = rootRow
                        var j = i
                        var firstWordEnd = -1
                        // Walk the trie from this word start for as long as it continues.
                        walk: while j < n {
                            let c = byteClass[Int(bytes[j])]
                            if c < TermMatcher.slowByte {
                                // ASCII letter or digit: one class lookup, one transition.
                                let next = step(row, Int(c))
                                if next == 0 { break walk }
                                row = Int(next & TermMatcher.offsetMask)
                                j &+= 1
                                if next > TermMatcher.offsetMask { report(next, row, start, j, bytes, byteClass, &out) }
                                continue walk
                            }
                            var (u, len) = (sep, 1)
                            if c == TermMatcher.slowByte { (u, len) = slowUnit(j) }
                            if u == ign {
                                j += len
                            } else if u == sep {
                                if firstWordEnd < 0 { firstWordEnd = j }
                                let next = step(row, sepClass)
                                if next == 0 { break walk }
                                var k = j + len
                                while k < n {
                                    let ck = byteClass[Int(bytes[k])]
                                    if ck == TermMatcher.separatorByte {
                                        k += 1
                                    } else if ck == TermMatcher.slowByte {
                                        let (u2, l2) = slowUnit(k)
                                        if u2 == sep || u2 == ign { k += l2 } else { break }
                                    } else {
                                        break
                                    }
                                }
                                row = Int(next & TermMatcher.offsetMask)
                                j = k
                            } else {
                                let next = step(row, Int(cls[Int(u)]))
                                if next == 0 { break walk }
                                row = Int(next & TermMatcher.offsetMask)
                                j += len
                                if next > TermMatcher.offsetMask { report(next, row, start, j, bytes, byteClass, &out) }
                            }
                        }
                        i = firstWordEnd >= 0 ? firstWordEnd : wordEnd(j)
                    }
                }
            }
        }
    }
}
