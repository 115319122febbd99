import CmocModel

/// Runs every code's `match` / `no_match` examples through the compiled codebook, the way
/// SwiftLint runs triggering and non-triggering examples: each failure points at the
/// example's own file:line in the YAML and shows what matched instead.
public struct ExampleRunner: Sendable {
    public let compiled: CompiledCodebook

    public init(_ compiled: CompiledCodebook) { self.compiled = compiled }

    /// The outcome of one example.
    public struct Result: Sendable, Hashable {
        public var codeID: String
        public var example: CodeExample
        /// nil when the example behaved; otherwise what went wrong.
        public var failure: Diagnostic?
        /// The example's text with this code's hits marked `[[…]]`.
        public var matchedText: String
    }

    /// Every example's result, in codebook order; placeholders (`TODO…`) are skipped.
    public func run() -> [Result] {
        var results: [Result] = []
        for code in compiled.codebook.codes {
            for example in code.examples where !example.isPlaceholder {
                results.append(check(example, of: code.id))
            }
        }
        return results
    }

    /// Runs one example of one code.
    public func check(_ example: CodeExample, of codeID: String) -> Result {
        let document = Self.document(for: example)
        let all = compiled.code(document, siteAttributes: example.site)
        let hits = all.filter { $0.codeID == codeID }
        let marked = Self.mark(example.text, hits.map(\.span))
        func fail(_ message: String, _ hint: String?) -> Result {
            Result(
                codeID: codeID, example: example,
                failure: Diagnostic(.error, stage: "codebook", at: example.location, message, hint: hint),
                matchedText: marked)
        }
        let others = Array(Set(all.map(\.codeID)).subtracting([codeID])).sorted()
        let otherNote = others.isEmpty ? "no other code matched" : "other codes matched: \(others.joined(separator: ", "))"
        if !example.shouldMatch {
            guard let first = hits.first else { return Result(codeID: codeID, example: example, failure: nil, matchedText: marked) }
            return fail(
                "'\(codeID)' should not match this no_match example, but rule \(first.ruleID) matched: \(marked)",
                "narrow the rule (for example with 'not:' or 'near:'), or move the sentence to 'match'")
        }
        if hits.isEmpty {
            return fail(
                "'\(codeID)' should match this example but nothing matched: \"\(example.text)\"",
                "\(otherNote); add the missing words to a rule")
        }
        for expected in example.expectedSpans {
            let wanted = Self.mark(example.text, [expected])
            guard let hit = hits.first(where: { $0.span == expected }) else {
                return fail("'\(codeID)' should match \(wanted) but matched \(marked) instead", "adjust the rule or the [[ ]] marks")
            }
            if hit.direction != example.direction {
                return fail(
                    "'\(codeID)' matched \(wanted) as \(hit.direction.rawValue), expected \(example.direction.rawValue)",
                    Self.directionHint(example.direction))
            }
        }
        if example.expectedSpans.isEmpty, !hits.contains(where: { $0.direction == example.direction }) {
            let got = Set(hits.map(\.direction.rawValue)).sorted().joined(separator: ", ")
            return fail(
                "'\(codeID)' matched \(marked) as \(got), expected \(example.direction.rawValue)",
                Self.directionHint(example.direction))
        }
        return Result(codeID: codeID, example: example, failure: nil, matchedText: marked)
    }

    static func directionHint(_ expected: Direction) -> String {
        switch expected {
        case .supports: "a negation or hedge word is in scope; add 'direction: negated' or 'tentative' if that is meant"
        case .negated: "no negation trigger covers the hit; check 'negation:' triggers or the example"
        case .tentative: "no hedge covers the hit; check 'hedging:' triggers or the example"
        }
    }

    /// A one-turn document holding the example sentence (role and site from the example).
    static func document(for example: CodeExample) -> SegmentedDocument {
        let turn = Turn(
            documentID: "example", site: "example", speaker: nil, role: example.role, index: 0, text: example.text,
            span: ByteSpan(0, example.text.utf8.count))
        return SegmentedDocument(
            id: "example", site: "example", dataType: "example", format: "example", text: example.text, turns: [turn])
    }

    /// `text` with `[[` `]]` around each span (UTF-8 offsets); overlapping spans are merged.
    public static func mark(_ text: String, _ spans: [ByteSpan]) -> String {
        let bytes = Array(text.utf8)
        var merged: [ByteSpan] = []
        for span in spans.sorted() {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        var out: [UInt8] = []
        var k = 0
        for span in merged where span.start >= k && span.end <= bytes.count {
            out += bytes[k..<span.start]
            out += Array("[[".utf8) + bytes[span.start..<span.end] + Array("]]".utf8)
            k = span.end
        }
        out += bytes[k...]
        return String(decoding: out, as: UTF8.self)
    }
}
