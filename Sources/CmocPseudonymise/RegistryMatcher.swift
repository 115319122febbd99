/// One hashed token-sequence table for every registry name (participants' names, aliases, first
/// names and surnames alone; site names; places), matched in one pass over a text's tokens.
///
/// Names may be broken across a line end (any blank between their words), may carry a possessive
/// (`Walker's`) and a title before them (`Dr Walker`). Matching is case-insensitive, except that a
/// first name or surname alone that is also an ordinary word (`Hope`, `Will`) must be capitalised.
struct RegistryMatcher: Sendable {
    struct Entry: Sendable, Hashable {
        var kind: EntityKind
        var participantIndex: Int?
        var siteID: String?
        /// A first name or surname alone (less certain than a full name or alias).
        var partial: Bool
        /// Normalised text of the variant.
        var canonical: String
    }

    private var table = SequenceTable<Entry>()
    let participantIDs: [String]
    /// `participant:<id>`, the canonical key of each participant's names.
    let participantKeys: [String]

    init(registry: Registry, partialNames: Bool, lexicon: Lexicon) {
        participantIDs = registry.participants.map(\.id)
        participantKeys = participantIDs.map { "participant:" + $0 }
        for (index, person) in registry.participants.enumerated() {
            var variants = [person.name] + person.aliases
            // Also without a leading title (`Dr Hope Mill` -> `Hope Mill`); a title in the text is
            // added to the span whatever its spelling (`Dr.`, `Doctor`).
            for variant in variants {
                let words = RegistryMatcher.words(variant)
                if words.count > 1, let first = words.first, lexicon.facts(TextBytes.hash(first)).contains(.title) {
                    variants.append(words.dropFirst().joined(separator: " "))
                }
            }
            variants = variants.filter { !$0.isEmpty }
            for variant in variants {
                add(variant, Entry(kind: .person, participantIndex: index, siteID: nil, partial: false, canonical: ""))
            }
            if partialNames {
                let words = RegistryMatcher.words(person.name).filter { !lexicon.facts(TextBytes.hash($0)).contains(.title) }
                if words.count >= 2, let firstWord = words.first, let lastWord = words.last {
                    for word in [firstWord, lastWord] where word.count >= 2 {
                        add(word, Entry(kind: .person, participantIndex: index, siteID: nil, partial: true, canonical: ""))
                    }
                }
            }
        }
        for site in registry.sites where !site.name.isEmpty {
            add(site.name, Entry(kind: .organisation, participantIndex: nil, siteID: site.id, partial: false, canonical: ""))
        }
        for place in registry.places {
            let last = RegistryMatcher.words(place).last.map { lexicon.facts(TextBytes.hash($0)) } ?? []
            let kind: EntityKind = last.contains(.orgSuffix) ? .organisation : .place
            add(place, Entry(kind: kind, participantIndex: nil, siteID: nil, partial: false, canonical: ""))
        }
    }

    /// The words of a name as the tokeniser sees them.
    static func words(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return TextBytes.tokenize(bytes).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    static func canonical(_ text: String) -> String {
        words(text).map { $0.lowercased().replacingApostrophes() }.joined(separator: " ")
    }

    private mutating func add(_ text: String, _ entry: Entry) {
        var entry = entry
        entry.canonical = RegistryMatcher.canonical(text)
        table.add(text, entry)
    }

    var isEmpty: Bool { table.isEmpty }

    /// Every registry name in the tokens, longest first at each position, left to right.
    func match(_ bytes: [UInt8], _ tokens: [Token], lexicon: Lexicon) -> [Candidate] {
        guard !table.isEmpty else { return [] }
        var found: [Candidate] = []
        var i = 0
        while i < tokens.count {
            if !table.starts(with: tokens[i].hash) {
                i += 1
                continue
            }
            if let hit = table.longestMatch(at: i, tokens, bytes, accept: { list, length in
                candidate(for: list, bytes, tokens, i, length, lexicon)
            }) {
                found.append(hit.result)
                i += hit.length
            } else {
                i += 1
            }
        }
        return found
    }

    private func candidate(_ kind: EntityKind, _ start: Int, _ end: Int) -> Candidate {
        Candidate(start: start, end: end, kind: kind, source: .registry)
    }

    private func candidate(
        for list: [Entry], _ bytes: [UInt8], _ tokens: [Token], _ i: Int, _ length: Int, _ lexicon: Lexicon
    ) -> Candidate? {
        let firstToken = tokens[i]
        let lastToken = tokens[i + length - 1]
        // A single ordinary word (`hope`, `will`) names someone only when capitalised.
        if length == 1, list.allSatisfy(\.partial), lexicon.facts(firstToken.hash).contains(.common), !firstToken.capitalised {
            return nil
        }
        // Full names win over first names or surnames alone.
        let anyFull = list.contains { !$0.partial }
        func isChosen(_ entry: Entry) -> Bool { !anyFull || !entry.partial }
        guard let chosen = list.first(where: isChosen) else { return nil }
        var start = firstToken.start
        // Include a title before the name.
        if i > 0, lexicon.facts(tokens[i - 1].hash).contains(.title),
            NameDetector.gapIsBlank(bytes, tokens[i - 1], firstToken, allowDot: true)
        {
            start = tokens[i - 1].start
        }
        var result = candidate(chosen.kind, start, lastToken.end)
        result.strong = anyFull
        // The one participant the chosen entries name, or whether they name several.
        var person: Int?
        var several = false
        for entry in list where isChosen(entry) {
            guard let index = entry.participantIndex else { continue }
            if person == nil { person = index } else if person != index { several = true }
        }
        if !several, let index = person {
            result.participantID = participantIDs[index]
            result.canonical = participantKeys[index]
        } else if several {
            result.canonical = chosen.canonical
            result.uncertain = true
            result.reason = "name shared by several registered participants"
        } else {
            result.canonical = chosen.canonical
        }
        return result
    }
}

extension String {
    /// Curly apostrophes as straight ones.
    func replacingApostrophes() -> String {
        var out = ""
        for scalar in unicodeScalars {
            out.unicodeScalars.append(scalar == "\u{2019}" || scalar == "\u{2018}" ? "'" : scalar)
        }
        return out
    }
}
