import CmocModel

/// Switches for detection.
public struct PseudonymiserOptions: Sendable, Hashable {
    /// Match a registered participant's first name or surname alone.
    public var partialNames = true
    /// Find names that are not in the registry (word lists, cues, capitalisation).
    public var thirdParty = true
    /// Find emails, URLs, phones, NHS and NI numbers, postcodes, dates and addresses.
    public var directIdentifiers = true

    public init() {}
}

/// The detector, compiled once (registry table, word lists) and reused for every document.
/// `detect` is pure and thread-safe: run it on documents in parallel, then assign keys in order.
public struct Pseudonymiser: Sendable {
    public let registry: Registry
    public let options: PseudonymiserOptions
    let matcher: RegistryMatcher
    let lexicon: Lexicon

    public init(registry: Registry = Registry(), options: PseudonymiserOptions = PseudonymiserOptions()) throws(DiagnosticError) {
        self.registry = registry
        self.options = options
        lexicon = Lexicon.shared
        matcher = RegistryMatcher(registry: registry, partialNames: options.partialNames, lexicon: lexicon)
    }

    /// Every identifying span in `text`, sorted, non-overlapping.
    /// - Complexity: O(n) in the UTF-8 length.
    public func detect(_ text: String) -> [Detection] {
        var scratch = Scratch()
        return detect(text, &scratch)
    }

    /// Buffers reused from one text to the next (a document's utterances): the text's bytes and
    /// its tokens would otherwise be two allocations per utterance, the tokens' one too large for
    /// the allocator's per-thread cache.
    struct Scratch {
        var bytes: [UInt8] = []
        var tokens: [Token] = []
    }

    /// `detect(_:)` with `scratch`'s buffers.
    func detect(_ text: String, _ scratch: inout Scratch) -> [Detection] {
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.bytes.append(contentsOf: text.utf8)
        TextBytes.tokenize(scratch.bytes, into: &scratch.tokens)
        let found = detect(bytes: scratch.bytes, tokens: scratch.tokens)
        // Nothing to link without a one-word name (most texts).
        guard Pseudonymiser.hasOneWordName(found) else { return found }
        var detections = DocumentDetections(documentID: "", declaredNames: [], labels: [], utterances: [found])
        Pseudonymiser.linkPartialNames(&detections)
        return detections.utterances[0]
    }

    func detect(bytes: [UInt8]) -> [Detection] { detect(bytes: bytes, tokens: TextBytes.tokenize(bytes)) }

    /// `detect(bytes:)` with the bytes' tokens already made.
    func detect(bytes: [UInt8], tokens: [Token]) -> [Detection] {
        let high = options.directIdentifiers ? IdentifierScanner.scan(bytes, tokens) : []
        let registryHits = matcher.match(bytes, tokens, lexicon: lexicon)
        var heuristic = NameDetector.detect(bytes, tokens, lexicon: lexicon, options: .init(thirdParty: options.thirdParty))
        if !options.directIdentifiers { heuristic.removeAll { $0.kind == .address } }
        let accepted = Pseudonymiser.resolve(bytes, pattern: high, registry: registryHits, heuristic: heuristic)
        return accepted.map { candidate in
            let original = String(decoding: bytes[candidate.start..<candidate.end], as: UTF8.self)
            return Detection(
                span: ByteSpan(candidate.start, candidate.end), kind: candidate.kind, original: original,
                participantID: candidate.participantID,
                canonical: candidate.canonical
                    ?? Pseudonymiser.canonical(bytes, candidate.start, candidate.end, original, lexicon: lexicon),
                source: candidate.source, uncertain: candidate.uncertain, reason: candidate.reason,
                strongEvidence: candidate.source != .heuristic || candidate.strong || candidate.cued)
        }
    }

    /// `canonical(_:lexicon:)` of `original`, the text of `bytes[start..<end]`, computed on the
    /// bytes when they are ASCII (where lower-casing is byte by byte).
    static func canonical(_ bytes: [UInt8], _ start: Int, _ end: Int, _ original: String, lexicon: Lexicon) -> String {
        var ascii = true
        var plain = true
        for k in start..<end {
            let b = bytes[k]
            if b >= 0x80 {
                ascii = false
                break
            }
            if plain && !isWordByte(b) && !(b == 0x20 && k > start && k + 1 < end && isWordByte(bytes[k - 1]) && isWordByte(bytes[k + 1])) {
                plain = false
            }
        }
        guard ascii else { return canonical(original, lexicon: lexicon) }
        guard plain else { return canonicalByWords(bytes, start, end, lexicon: lexicon) }
        // Letters and digits in words parted by single spaces (`Dr Lucy Walker`, `14 Mill Lane`):
        // the words are the tokens, and the key is the span from the first word that is not a
        // leading title, lower-cased as it stands, with no tokenising.
        var from = start
        while true {
            var gap = from
            while gap < end && bytes[gap] != 0x20 { gap += 1 }
            guard gap < end, lexicon.facts(TextBytes.hash(bytes, from, gap)).contains(.title) else { break }
            from = gap + 1
        }
        return String(unsafeUninitializedCapacity: end - from) { buffer in
            for k in from..<end {
                let b = bytes[k]
                buffer[k - from] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return end - from
        }
    }

    /// An ASCII letter or digit.
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { TextBytes.isASCIILetter(b) || TextBytes.isASCIIDigit(b) }

    /// `canonical` of ASCII `bytes[start..<end]` by its tokens: leading titles dropped, words
    /// lower-cased and joined by single spaces.
    static func canonicalByWords(_ bytes: [UInt8], _ start: Int, _ end: Int, lexicon: Lexicon) -> String {
        let span = Array(bytes[start..<end])
        var words = TextBytes.tokenize(span, positionsOnly: true)[...]
        while words.count > 1, let first = words.first, lexicon.facts(first.hash).contains(.title) {
            words.removeFirst()
        }
        var out: [UInt8] = []
        out.reserveCapacity(span.count)
        for word in words {
            if !out.isEmpty { out.append(0x20) }
            for k in word.start..<word.end {
                let b = span[k]
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower case, single spaces, no title, straight apostrophes: how a name is keyed.
    static func canonical(_ text: String, lexicon: Lexicon) -> String {
        var words = RegistryMatcher.words(text)
        while words.count > 1, let first = words.first, lexicon.facts(TextBytes.hash(first)).contains(.title) {
            words.removeFirst()
        }
        return words.map { $0.lowercased().replacingApostrophes() }.joined(separator: " ")
    }

    /// Keeps patterns first, then registry names, then heuristic spans, each where nothing stronger
    /// already is; a heuristic span partly covered keeps its uncovered words.
    static func resolve(_ bytes: [UInt8], pattern: [Candidate], registry: [Candidate], heuristic: [Candidate]) -> [Candidate] {
        let total = pattern.count + registry.count + heuristic.count
        if total == 0 { return [] }
        // One candidate: nothing can overlap it.
        if total == 1 { return !pattern.isEmpty ? pattern : !registry.isEmpty ? registry : heuristic }
        // Fast path: when no two of a few non-empty spans overlap, every candidate is accepted as it
        // is, and sorting by (start, end), which no two share, gives `resolveByTier`'s order.
        if total <= 16, let disjoint = disjointSorted(pattern, registry, heuristic, total) { return disjoint }
        return resolveByTier(bytes, pattern: pattern, registry: registry, heuristic: heuristic)
    }

    /// `resolve` in full: candidates in tier order, each accepted where nothing stronger already is.
    static func resolveByTier(_ bytes: [UInt8], pattern: [Candidate], registry: [Candidate], heuristic: [Candidate]) -> [Candidate] {
        let total = pattern.count + registry.count + heuristic.count
        // Tiers: direct identifiers and addresses; full registry names; street and organisation
        // patterns; a registry first name or surname alone; other heuristic names. Within a tier
        // the longest first, then the earliest, then input order (patterns before addresses).
        var order: [ResolveEntry] = []
        order.reserveCapacity(total)
        for (index, c) in pattern.enumerated() { order.append(ResolveEntry(tier: 0, source: 0, index: index, c)) }
        for (index, c) in registry.enumerated() { order.append(ResolveEntry(tier: c.strong ? 1 : 3, source: 1, index: index, c)) }
        for (index, c) in heuristic.enumerated() {
            let tier: UInt8 = c.kind == .address ? 0 : c.strong ? 2 : 4
            order.append(ResolveEntry(tier: tier, source: 2, index: index, c))
        }
        order.sort { $0.precedes($1) }
        var accepted: [Candidate] = []
        accepted.reserveCapacity(total)
        var spans: [(start: Int, end: Int)] = []
        spans.reserveCapacity(total)
        func overlaps(_ start: Int, _ end: Int) -> Bool { spans.contains { $0.start < end && start < $0.end } }
        func accept(_ c: Candidate) {
            accepted.append(c)
            spans.append((c.start, c.end))
        }
        for entry in order {
            let index = Int(entry.index)
            let c = entry.source == 0 ? pattern[index] : entry.source == 1 ? registry[index] : heuristic[index]
            if !overlaps(c.start, c.end) {
                accept(c)
                continue
            }
            guard entry.tier == 4 else { continue }
            // Inside one accepted span (a registry name the heuristics found too): every word
            // overlaps it, so none is kept; skip tokenising.
            if spans.contains(where: { $0.start <= c.start && c.end <= $0.end }) { continue }
            // Keep the words outside the stronger spans.
            let subTokens = TextBytes.tokenize(Array(bytes[c.start..<c.end]))
            for token in subTokens {
                let piece = Candidate(
                    start: c.start + token.start, end: c.start + token.end, kind: c.kind, source: .heuristic,
                    cued: c.cued, uncertain: c.uncertain, reason: c.reason)
                if token.capitalised && token.length >= 2 && !overlaps(piece.start, piece.end) { accept(piece) }
            }
        }
        accepted.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return accepted
    }

    /// The candidates sorted by (start, end) when every span is non-empty and none overlaps
    /// another (`resolve` then accepts them all); nil otherwise.
    static func disjointSorted(_ pattern: [Candidate], _ registry: [Candidate], _ heuristic: [Candidate], _ total: Int) -> [Candidate]? {
        // One list alone (most often the heuristic one): it is the answer itself when already in
        // order, with no copy.
        let only = pattern.count == total ? pattern : registry.count == total ? registry : heuristic.count == total ? heuristic : nil
        if let only, isDisjointSorted(only) { return only }
        // Lists each in order: merge them by start, no sort, and stop at the first overlap.
        if isDisjointSorted(pattern), isDisjointSorted(registry), isDisjointSorted(heuristic) {
            return mergeDisjoint(pattern, registry, heuristic, total)
        }
        var all: [Candidate] = []
        all.reserveCapacity(total)
        all += pattern
        all += registry
        all += heuristic
        for c in all where c.start >= c.end { return nil }
        all.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        for k in all.indices.dropFirst() where all[k].start < all[k - 1].end { return nil }
        return all
    }

    /// Three lists, each non-empty spans in order, merged by start; nil when two spans overlap.
    static func mergeDisjoint(_ a: [Candidate], _ b: [Candidate], _ c: [Candidate], _ total: Int) -> [Candidate]? {
        var merged: [Candidate] = []
        merged.reserveCapacity(total)
        var (i, j, k) = (0, 0, 0)
        var end = Int.min
        while merged.count < total {
            let sa = i < a.count ? a[i].start : Int.max
            let sb = j < b.count ? b[j].start : Int.max
            let sc = k < c.count ? c[k].start : Int.max
            let next: Candidate
            if sa <= sb && sa <= sc {
                next = a[i]
                i += 1
            } else if sb <= sc {
                next = b[j]
                j += 1
            } else {
                next = c[k]
                k += 1
            }
            if next.start < end { return nil }
            end = next.end
            merged.append(next)
        }
        return merged
    }

    /// Whether every span of `list` is non-empty and starts at or after the previous one's end.
    static func isDisjointSorted(_ list: [Candidate]) -> Bool {
        var end = Int.min
        for c in list {
            if c.start >= c.end || c.start < end { return false }
            end = c.end
        }
        return true
    }

    /// A candidate's place in `resolve`'s order: its tier, length and start, then where it came from.
    struct ResolveEntry {
        var tier: UInt8
        /// 0 pattern, 1 registry, 2 heuristic.
        var source: UInt8
        var index: Int32
        var start: Int
        var length: Int

        init(tier: UInt8, source: UInt8, index: Int, _ c: Candidate) {
            self.tier = tier
            self.source = source
            self.index = Int32(truncatingIfNeeded: index)
            start = c.start
            length = c.end - c.start
        }

        @inline(__always) func precedes(_ other: ResolveEntry) -> Bool {
            if tier != other.tier { return tier < other.tier }
            if length != other.length { return length > other.length }
            if start != other.start { return start < other.start }
            if source != other.source { return source < other.source }
            return index < other.index
        }
    }

    /// Detections in a document's declared speaker names, speaker labels and utterance texts, with
    /// a first name or surname alone linked to the document's full name where that is unambiguous.
    public func detect(document: SourceDocument) -> DocumentDetections {
        var scratch = Scratch()
        let declared = document.declaredSpeakers.map { speaker in speaker.name.map { detect($0, &scratch) } ?? [] }
        let labels = document.speakers.map { label -> LabelDetections in
            let found = detect(label, &scratch)
            return LabelDetections(label: label, detections: found, participantID: participant(naming: label, found))
        }
        var result = DocumentDetections(
            documentID: document.id, declaredNames: declared, labels: labels,
            utterances: document.utterances.map { detect($0.text, &scratch) })
        Pseudonymiser.linkPartialNames(&result)
        return result
    }

    /// The participant a whole label names (`Dr Lucy Walker`, `LUCY`), if exactly one does.
    func participant(naming label: String, _ detections: [Detection]) -> String? {
        let ids = Set(detections.compactMap(\.participantID))
        guard ids.count == 1, let id = ids.first else { return nil }
        let bytes = Array(label.utf8)
        for token in TextBytes.tokenize(bytes) where token.hasLetter {
            let inside = detections.contains { $0.participantID == id && $0.span.start <= token.start && token.end <= $0.span.end }
            if !inside && !lexicon.facts(token.hash).contains(.title) { return nil }
        }
        return id
    }

    /// Points `Smith` and `John` at `john smith` when that is the only full name in the document
    /// containing them, so one person gets one pseudonym.
    /// A person's name of one word not linked to the registry: what `linkPartialNames` may link.
    static func hasOneWordName(_ list: [Detection]) -> Bool {
        list.contains { $0.kind == .person && $0.participantID == nil && !hasSpace($0.canonical) }
    }

    /// `text.contains(" ")` (Foundation's search), answered from the bytes when there is no space
    /// byte at all, the usual case, where the search cannot find one either, and when the text is
    /// ASCII, where every character is one byte (or `\r\n`), so a space byte is a space character.
    @inline(__always) static func hasSpace(_ text: String) -> Bool {
        var space = false
        for b in text.utf8 {
            if b >= 0x80 { return text.utf8.contains(0x20) && text.contains(" ") }
            if b == 0x20 { space = true }
        }
        return space
    }

    static func linkPartialNames(_ detections: inout DocumentDetections) {
        // Nothing to link without a one-word name (most texts): skip collecting the full names.
        guard detections.declaredNames.contains(where: hasOneWordName) || detections.labels.contains(where: { hasOneWordName($0.detections) })
            || detections.utterances.contains(where: hasOneWordName)
        else { return }
        var fullNames: [String: Set<String>] = [:]
        func collect(_ list: [Detection]) {
            for detection in list where detection.kind == .person && detection.participantID == nil {
                // One word (no space): nothing to split.
                guard detection.canonical.utf8.contains(0x20) else { continue }
                let words = detection.canonical.split(separator: " ").map(String.init)
                guard words.count >= 2, let first = words.first, let last = words.last else { continue }
                fullNames[first, default: []].insert(detection.canonical)
                fullNames[last, default: []].insert(detection.canonical)
            }
        }
        for list in detections.declaredNames { collect(list) }
        for label in detections.labels { collect(label.detections) }
        for list in detections.utterances { collect(list) }
        guard !fullNames.isEmpty else { return }
        func link(_ list: inout [Detection]) {
            for index in list.indices where list[index].kind == .person && list[index].participantID == nil {
                let canonical = list[index].canonical
                if !hasSpace(canonical), let owners = fullNames[canonical], owners.count == 1, let owner = owners.first {
                    list[index].canonical = owner
                }
            }
        }
        for index in detections.declaredNames.indices { link(&detections.declaredNames[index]) }
        for index in detections.labels.indices { link(&detections.labels[index].detections) }
        for index in detections.utterances.indices { link(&detections.utterances[index]) }
    }
}
