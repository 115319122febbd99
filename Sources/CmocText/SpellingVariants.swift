/// British and American spelling variants of a folded term, so `organise` also finds
/// `organize`, `behaviour` finds `behavior` and `centre` finds `center` (and back).
///
/// Folding the spelling difference on the pattern side keeps the text pass a pure byte
/// automaton: every variant goes into the same automaton and reports the same term.
/// Variants that are not real words are harmless (they never occur), so the rules lean
/// towards generating too many rather than too few; short words are left alone so that
/// `four` never becomes `for`.
public enum SpellingVariants {
    /// Word pairs no suffix rule covers (both directions are generated).
    static let pairs: [(String, String)] = [
        ("enrolment", "enrollment"), ("enrolments", "enrollments"), ("enrol", "enroll"), ("enrols", "enrolls"),
        ("programme", "program"), ("programmes", "programs"), ("counselling", "counseling"),
        ("counsellor", "counselor"), ("counsellors", "counselors"), ("judgement", "judgment"),
        ("ageing", "aging"), ("licence", "license"), ("defence", "defense"), ("practise", "practice"),
        ("practised", "practiced"), ("practising", "practicing"), ("travelled", "traveled"),
        ("travelling", "traveling"), ("cancelled", "canceled"), ("labelled", "labeled"),
        ("modelling", "modeling"), ("fulfil", "fulfill"), ("fulfilment", "fulfillment"),
        ("skilful", "skillful"), ("paediatric", "pediatric"), ("anaemia", "anemia"),
        ("oestrogen", "estrogen"), ("manoeuvre", "maneuver"), ("catalogue", "catalog"),
        ("dialogue", "dialog"), ("grey", "gray"), ("mum", "mom"), ("mums", "moms"),
    ]

    /// Suffixes after `our`/`or` that keep the -our/-or alternation (colour, colours, coloured…).
    static let ourSuffixes: [String] = [
        "", "s", "ed", "ing", "ite", "ites", "able", "ably", "al", "ally", "ful", "hood", "hoods",
        "less", "er", "ers",
    ]
    /// Endings of the -ise/-ize family, with the `s` form first.
    static let iseEndings: [(String, String)] = [
        ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"), ("isation", "ization"),
        ("isations", "izations"), ("iser", "izer"), ("isers", "izers"), ("yse", "yze"), ("ysed", "yzed"),
        ("yses", "yzes"), ("ysing", "yzing"),
    ]
    /// Endings of the -re/-er family (centre/center, centred/centered, centring/centering).
    static let reEndings: [(String, String)] = [
        ("tre", "ter"), ("tres", "ters"), ("tred", "tered"), ("tring", "tering"),
        ("bre", "ber"), ("bres", "bers"),
    ]

    /// Every spelling of a folded term (including the term itself, first), deduplicated.
    ///
    /// - Parameters:
    ///   - units: the folded term (``ByteFold/fold(_:)``), words separated by ``ByteFold/separator``.
    ///   - isPrefix: whether the term ends in a `*` wildcard (its last word is a stem).
    public static func variants(of units: [UInt8], isPrefix: Bool) -> [[UInt8]] {
        let words = units.split(separator: ByteFold.separator, omittingEmptySubsequences: false).map(Array.init)
        var combos: [[[UInt8]]] = [[]]
        for (index, word) in words.enumerated() {
            let stem = isPrefix && index == words.count - 1
            let options = wordVariants(word, isStem: stem)
            var next: [[[UInt8]]] = []
            for combo in combos {
                for option in options { next.append(combo + [option]) }
            }
            // Guard against combinatorial growth on long phrases.
            combos = Array(next.prefix(16))
        }
        var seen = Set<[UInt8]>()
        var result: [[UInt8]] = []
        for combo in combos {
            let joined = Array(combo.joined(separator: [ByteFold.separator]))
            if seen.insert(joined).inserted { result.append(joined) }
        }
        return result
    }

    /// Spellings of one word (itself first).
    static func wordVariants(_ word: [UInt8], isStem: Bool) -> [[UInt8]] {
        let text = String(decoding: word, as: UTF8.self)
        var out: [String] = [text]
        for (a, b) in pairs {
            if text == a { out.append(b) } else if text == b { out.append(a) }
        }
        // -ise / -ize (and -yse / -yze); stems ending in `is`/`iz` alternate too (organis*).
        for (s, z) in iseEndings {
            if let v = swapEnding(text, s, z, minPrefix: 2) { out.append(v) }
            if let v = swapEnding(text, z, s, minPrefix: 3) { out.append(v) }
        }
        if isStem && text.utf8.count >= 5 {
            if let v = swapEnding(text, "is", "iz", minPrefix: 3) { out.append(v) }
            if let v = swapEnding(text, "iz", "is", minPrefix: 3) { out.append(v) }
            if let v = swapEnding(text, "ys", "yz", minPrefix: 3) { out.append(v) }
        }
        // -our / -or with a following suffix; at least three letters before it.
        for suffix in ourSuffixes {
            if let v = swapEnding(text, "our" + suffix, "or" + suffix, minPrefix: 3) { out.append(v) }
            // Not after `o`: `floor` must not become `flour`.
            if !text.hasSuffix("oor" + suffix), let v = swapEnding(text, "or" + suffix, "our" + suffix, minPrefix: 3) {
                out.append(v)
            }
        }
        // -re / -er.
        for (re, er) in reEndings {
            if let v = swapEnding(text, re, er, minPrefix: 3) { out.append(v) }
            if let v = swapEnding(text, er, re, minPrefix: 3) { out.append(v) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }.map { Array($0.utf8) }
    }

    private static func swapEnding(_ text: String, _ from: String, _ to: String, minPrefix: Int) -> String? {
        guard text.hasSuffix(from), text.utf8.count - from.utf8.count >= minPrefix else { return nil }
        return String(text.dropLast(from.count)) + to
    }
}
