/// "Did you mean" for misspelt keys and ids: the closest candidate by edit distance.
public enum Suggestion {
    /// The candidate nearest to `word` (Levenshtein distance on Unicode scalars, case-insensitive),
    /// when it is close enough to be a plausible typo: at most a third of the word's length, min 1.
    ///
    /// ```swift
    /// Suggestion.closest(to: "codbook", in: ["codebook", "cmocs"]) // "codebook"
    /// ```
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased().unicodeScalars))
            if best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) { best = (candidate, d) }
        }
        guard let (name, d) = best, d <= max(1, target.count / 3) else { return nil }
        return name
    }

    /// Levenshtein distance; O(n·m) time, O(m) memory.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
