/// "Did you mean" for misspelt keys, code ids, roles, sites: one rule for every stage.
public enum Suggestion {
    /// The candidate nearest to `word` when it is a plausible typo: case-insensitive Levenshtein
    /// distance (on Unicode scalars) of at most two fifths of the word's length (and at least 2),
    /// ties broken alphabetically. When none is that close, the one candidate sharing the longest
    /// run of trailing `-`/`_` words (`cognitive-participation-legitimation` -> `cp-legitimation`).
    ///
    /// ```swift
    /// Suggestion.closest(to: "codbook", in: ["codebook", "cmocs"]) // "codebook"
    /// ```
    /// - Complexity: O(candidates × |word| × |candidate|).
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let candidates = Array(candidates)
        return closestByEdits(to: word, in: candidates) ?? closestBySuffixWords(to: word, in: candidates)
    }

    static func closestByEdits(to word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.unicodeScalars.count * 2 / 5)
        let lowered = word.lowercased()
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != word {
            let d = distance(lowered, candidate.lowercased())
            guard d <= limit else { continue }
            if let current = best, (current.distance, current.name) <= (d, candidate) { continue }
            best = (d, candidate)
        }
        return best?.name
    }

    static func closestBySuffixWords(to word: String, in candidates: [String]) -> String? {
        let words = word.split(whereSeparator: { $0 == "-" || $0 == "_" })
        var best = 0
        var found: [String] = []
        for candidate in candidates {
            let other = candidate.split(whereSeparator: { $0 == "-" || $0 == "_" })
            var shared = 0
            while shared < min(words.count, other.count),
                words[words.count - 1 - shared] == other[other.count - 1 - shared]
            {
                shared += 1
            }
            if shared > best {
                best = shared
                found = [candidate]
            } else if shared == best, shared > 0 {
                found.append(candidate)
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The number of single-scalar insertions, deletions and substitutions turning `a` into `b`.
    /// - Complexity: O(|a| × |b|) time, O(|b|) memory.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
