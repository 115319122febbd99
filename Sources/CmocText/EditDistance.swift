/// Levenshtein distance and "did you mean" suggestions for misspelt names (code ids, keys, roles).
public enum EditDistance {
    /// The number of single-character insertions, deletions and substitutions turning `a` into `b`.
    ///
    /// - Complexity: O(|a| × |b|).
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

    /// The closest candidate to `name` (ties broken alphabetically), if it is close enough to be
    /// a plausible misspelling: at most two fifths of the name's length (and at least 2) edits away.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, name.count * 2 / 5)
        var best: (Int, String)?
        for candidate in candidates where candidate != name {
            let d = distance(name.lowercased(), candidate.lowercased())
            guard d <= limit else { continue }
            if let current = best, (current.0, current.1) <= (d, candidate) { continue }
            best = (d, candidate)
        }
        return best?.1
    }
}
