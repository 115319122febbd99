/// "Did you mean" for misspelt keys and code ids: the closest candidate by edit distance.
enum NameSuggestion {
    /// The candidate closest to `name`, if it is within a third of the name's length (at least 2 edits);
    /// ties go to the alphabetically first candidate so the hint is deterministic.
    ///
    /// - Complexity: O(candidates × name length × candidate length), on UTF-8 bytes.
    ///
    /// When nothing is that close, falls back to the candidate sharing the longest run of trailing
    /// `-`/`_` words (`cognitive-participation-legitimation` -> `cp-legitimation`), if exactly one does.
    static func closest<S: Sequence<String>>(to name: String, among candidates: S) -> String? {
        let candidates = Array(candidates)
        return closestByEdits(to: name, among: candidates) ?? closestBySuffixWords(to: name, among: candidates)
    }

    static func closestByEdits(to name: String, among candidates: [String]) -> String? {
        let limit = max(2, name.utf8.count / 3)
        var best: (distance: Int, name: String)?
        for candidate in candidates {
            let distance = editDistance(Array(name.utf8), Array(candidate.utf8))
            guard distance <= limit else { continue }
            if let current = best, (current.distance, current.name) <= (distance, candidate) { continue }
            best = (distance, candidate)
        }
        return best?.name
    }

    static func closestBySuffixWords(to name: String, among candidates: [String]) -> String? {
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" })
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

    /// Levenshtein distance between two byte strings (two-row dynamic programme).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
