import CmocModel
import CmocTestSupport
import Testing
@testable import CmocCoding

/// `CueScopes.analyse` (loops over the turn's cues, one sort per kind present, ByteFold's ASCII
/// table read once) against the earlier whole-list version, kept here as the reference, on
/// generated cue lists over generated text.
@Suite struct CueAnalysisTests {
    typealias Kind = CueScopes.Kind

    /// The earlier implementation: per-kind filtered copies and one sort of all cues per kind.
    static func reference(
        bytes: UnsafeBufferPointer<UInt8>, cues: [CueScopes.Cue], sentences: [Range<Int>], negationWindow: Int
    ) -> CueScopes {
        let negPseudo = cues.filter { $0.kind == .negationPseudo }
        let hedgePseudo = cues.filter { $0.kind == .hedgePseudo }
        let terminators = cues.filter { $0.kind == .terminator }.map(\.start)
        func covered(_ start: Int, by pseudo: [CueScopes.Cue]) -> Bool { pseudo.contains { $0.start <= start && start < $0.end } }
        func longestPerStart(_ kind: Kind, _ pseudo: [CueScopes.Cue]) -> [ByteSpan] {
            var result: [ByteSpan] = []
            for cue in cues.sorted(by: { ($0.start, -$0.end) < ($1.start, -$1.end) }) where cue.kind == kind {
                if covered(cue.start, by: pseudo) { continue }
                if let last = result.last, cue.start < last.end { continue }
                result.append(ByteSpan(cue.start, cue.end))
            }
            return result
        }
        func sentenceEnd(containing k: Int) -> Int {
            sentences.first { $0.lowerBound <= k && k < $0.upperBound }?.upperBound ?? bytes.count
        }
        var negations: [CueScopes.Scope] = []
        for trigger in longestPerStart(.negation, negPseudo) {
            let limit = min(sentenceEnd(containing: trigger.start), terminators.filter { $0 >= trigger.end }.min() ?? Int.max)
            let end = CueScopes.scopeEnd(from: trigger.end, limit: limit, window: negationWindow, bytes: bytes)
            negations.append(CueScopes.Scope(trigger: trigger, scope: ByteSpan(trigger.end, max(trigger.end, end))))
        }
        var hedges: [CueScopes.Scope] = []
        for trigger in longestPerStart(.hedge, hedgePseudo) {
            let sentence = sentences.first { $0.lowerBound <= trigger.start && trigger.start < $0.upperBound } ?? 0..<bytes.count
            hedges.append(CueScopes.Scope(trigger: trigger, scope: ByteSpan(sentence.lowerBound, sentence.upperBound)))
        }
        return CueScopes(negations: negations, hedges: hedges)
    }

    @Test func analysisAgreesWithTheReferenceOnGeneratedCues() {
        let words = ["we", "don't", "really", "refer", "but", "maybe", "café", "e\u{301}t\u{e9}", "no", "doubt", ",", ".", "—", "(x)"]
        let kinds: [Kind] = [.negation, .negation, .negationPseudo, .terminator, .hedge, .hedgePseudo]
        var sequence = TestSequence(seed: 0xABCDEF)
        func next(_ n: Int) -> Int { sequence.next(n) }
        var differences = 0
        var scopes = 0
        for _ in 0..<3_000 {
            let text = (0..<(1 + next(16))).map { _ in words[next(words.count)] }.joined(separator: " ")
            let bytes = Array(text.utf8)
            var cues: [CueScopes.Cue] = []
            for _ in 0..<next(7) {
                let start = next(bytes.count)
                cues.append(CueScopes.Cue(kind: kinds[next(kinds.count)], start: start, end: start + 1 + next(min(8, bytes.count - start))))
            }
            // Sometimes in scan order (by start, then end), sometimes not.
            if next(2) == 0 { cues.sort { ($0.start, $0.end) < ($1.start, $1.end) } }
            let cut = next(bytes.count + 1)
            let sentences = cut == 0 || cut == bytes.count ? [0..<bytes.count] : [0..<cut, cut..<bytes.count]
            let window = next(10)
            bytes.withUnsafeBufferPointer { buffer in
                let fast = CueScopes.analyse(bytes: buffer, cues: cues[...], sentences: sentences, negationWindow: window)
                let slow = Self.reference(bytes: buffer, cues: cues, sentences: sentences, negationWindow: window)
                if fast != slow { differences += 1 }
                scopes += fast.negations.count + fast.hedges.count
            }
        }
        #expect(differences == 0)
        #expect(scopes > 1_000)
    }
}
