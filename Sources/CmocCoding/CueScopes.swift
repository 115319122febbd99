import CmocModel
import CmocText

/// NegEx-style negation and hedging for one turn: which byte ranges lie in the scope of a
/// negation trigger ("don't", "no longer", "wasn't"…) or a hedge ("I suppose", "maybe"…), so
/// every hit can record whether it supports, refutes (negated) or only tentatively supports
/// its code.
///
/// A negation scope starts after its trigger and runs for `window` words, ended early by
/// clause punctuation (`. , ; : ! ? ( )`, dashes), a terminator ("but", "however"…) or the
/// end of the sentence. A pseudo-trigger ("not only", "no doubt") cancels the triggers it
/// covers. A hedge covers its whole sentence.
public struct CueScopes: Sendable, Hashable {
    /// A trigger and the range it governs (UTF-8 offsets in the turn's text).
    public struct Scope: Sendable, Hashable {
        public var trigger: ByteSpan
        public var scope: ByteSpan
    }

    public var negations: [Scope]
    public var hedges: [Scope]

    /// What kind of cue a cue term is.
    enum Kind: Sendable { case negation, negationPseudo, terminator, hedge, hedgePseudo }

    /// A cue term's match in a turn (UTF-8 offsets).
    struct Cue: Sendable {
        var kind: Kind
        var start: Int
        var end: Int
    }

    /// The direction of a hit starting at `start`: negated beats tentative beats supports.
    public func direction(at start: Int) -> Direction {
        Self.direction(at: start, negations: negations[...], hedges: hedges[...])
    }

    /// ``direction(at:)`` over a turn's scopes kept in larger arrays (``DocumentEvaluation`` keeps every
    /// turn's scopes in one array per kind instead of a `CueScopes` per turn).
    static func direction(at start: Int, negations: ArraySlice<Scope>, hedges: ArraySlice<Scope>) -> Direction {
        // A hit that itself begins with a negation ("[[not a counsellor]]", "[[not my job]]") carries its
        // negation in its meaning: an earlier trigger in a list ("not a doctor and not a counsellor")
        // does not turn it round.
        if negations.contains(where: { $0.trigger.start == start }) {
            return hedges.contains(where: { $0.scope.start <= start && start < $0.scope.end }) ? .tentative : .supports
        }
        // Inside a scope, or inside a multi-word trigger after its first word ("didn't [[feel valued]]").
        if negations.contains(where: {
            ($0.scope.start <= start && start < $0.scope.end) || ($0.trigger.start < start && start < $0.trigger.end)
        }) { return .negated }
        if hedges.contains(where: { $0.scope.start <= start && start < $0.scope.end }) { return .tentative }
        return .supports
    }

    /// Computes the scopes of one turn from its cue matches.
    static func analyse(
        bytes: UnsafeBufferPointer<UInt8>, cues: ArraySlice<Cue>, sentences: [Range<Int>],
        negationWindow: Int
    ) -> CueScopes {
        var negations: [Scope] = []
        var hedges: [Scope] = []
        var scratch: [Cue] = []
        analyse(
            bytes: bytes, cues: cues, sentences: sentences[...], negationWindow: negationWindow,
            negations: &negations, hedges: &hedges, scratch: &scratch)
        return CueScopes(negations: negations, hedges: hedges)
    }

    /// The same scopes as ``analyse(bytes:cues:sentences:negationWindow:)``, appended to `negations`
    /// and `hedges` (which may hold other turns' scopes before them), with `scratch` for sorting: no
    /// array is made per turn.
    static func analyse(
        bytes: UnsafeBufferPointer<UInt8>, cues: ArraySlice<Cue>, sentences: ArraySlice<Range<Int>>,
        negationWindow: Int, negations: inout [Scope], hedges: inout [Scope], scratch: inout [Cue]
    ) {
        // A turn has a few cues: plain loops over them, no per-kind copies.
        func covered(_ start: Int, by pseudo: Kind) -> Bool {
            cues.contains { $0.kind == pseudo && $0.start <= start && start < $0.end }
        }
        /// Calls `pick` with the cues of `kind`, by start, the longest of each start, skipping those a
        /// pseudo-trigger covers or an earlier pick overlaps.
        func longestPerStart(_ kind: Kind, _ pseudo: Kind, _ pick: (ByteSpan) -> Void) {
            // Sorting only this kind's cues gives the same picks as sorting all of them first.
            scratch.removeAll(keepingCapacity: true)
            for cue in cues where cue.kind == kind { scratch.append(cue) }
            guard !scratch.isEmpty else { return }
            // By start, longest first; an insertion sort (stable, like the library's), as a turn
            // has a few cues of a kind and they mostly arrive in order.
            for i in scratch.indices.dropFirst() {
                let cue = scratch[i]
                var j = i
                while j > 0, scratch[j - 1].start > cue.start || (scratch[j - 1].start == cue.start && scratch[j - 1].end < cue.end) {
                    scratch[j] = scratch[j - 1]
                    j -= 1
                }
                scratch[j] = cue
            }
            var lastEnd = Int.min
            for cue in scratch {
                if covered(cue.start, by: pseudo) { continue }
                if cue.start < lastEnd { continue }
                lastEnd = cue.end
                pick(ByteSpan(cue.start, cue.end))
            }
        }
        /// The first terminator starting at or after `k`, if any.
        func terminator(from k: Int) -> Int {
            var first = Int.max
            for cue in cues where cue.kind == .terminator && cue.start >= k { first = min(first, cue.start) }
            return first
        }
        func sentenceEnd(containing k: Int) -> Int {
            sentences.first { $0.lowerBound <= k && k < $0.upperBound }?.upperBound ?? bytes.count
        }
        longestPerStart(.negation, .negationPseudo) { trigger in
            let limit = min(sentenceEnd(containing: trigger.start), terminator(from: trigger.end))
            let end = scopeEnd(from: trigger.end, limit: limit, window: negationWindow, bytes: bytes)
            negations.append(Scope(trigger: trigger, scope: ByteSpan(trigger.end, max(trigger.end, end))))
        }
        longestPerStart(.hedge, .hedgePseudo) { trigger in
            let sentence = sentences.first { $0.lowerBound <= trigger.start && trigger.start < $0.upperBound }
                ?? 0..<bytes.count
            hedges.append(Scope(trigger: trigger, scope: ByteSpan(sentence.lowerBound, sentence.upperBound)))
        }
    }

    /// Where a negation scope starting at `from` ends: after `window` words, at clause punctuation or at `limit`.
    static func scopeEnd(from: Int, limit: Int, window: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var k = from
        var words = 0
        var inWord = false
        var lastWordEnd = from
        let end = min(limit, bytes.count)
        // ByteFold's constants and ASCII table read once, not once per byte (each read of a global
        // goes through its lazy initialiser); `ByteFold.unit` only for non-ASCII lead bytes.
        let separator = ByteFold.separator
        let ignorable = ByteFold.ignorable
        let ascii = ByteFold.asciiTable
        while k < end {
            let b = bytes[k]
            switch b {
            case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"):
                return inWord ? k : lastWordEnd
            case 0xE2 where k + 2 < bytes.count && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0x93 || bytes[k + 2] == 0x94):
                return inWord ? k : lastWordEnd
            default:
                break
            }
            let fast = ascii[Int(b)]
            let (u, len) = fast != 0xFF ? (fast, 1) : ByteFold.unit(at: k, in: bytes)
            if u == separator {
                if inWord {
                    lastWordEnd = k
                    if words >= window { return k }
                }
                inWord = false
            } else if u != ignorable, !inWord {
                inWord = true
                words += 1
            }
            k += len
        }
        return inWord ? k : lastWordEnd
    }
}
