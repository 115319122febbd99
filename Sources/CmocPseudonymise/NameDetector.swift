/// Third-party names, places and organisations found without a registry, by word lists, cues and
/// capitalisation. Recall matters more than precision: a capitalised word is identifying unless a
/// list says it is an ordinary word, and even then cues and consistent capitalisation win.
///
/// Policy for words that are both names and common words (May, Will, Grace, Hope, Bill, Mark,
/// Rose, Sue…): capitalised inside a sentence they are names; at a sentence start, in a title-case
/// heading or in capitals they are names only next to another name word (`Grace Hopper`), after a
/// title or cue (`Dr Hope`, `my daughter Rose`), or when the same word is a name elsewhere in the
/// text. Months and weekdays (`May`, `August`) are names only after a title or cue.
///
/// Never names (transcript talk): pronouns, function words and fillers (`He`, `I`, `Hmm`; after a
/// title only: `Doctor Who`), family words without a cue (`Mum`, `Nan`), acronyms and
/// health-service terms (`GPs`, `WEMWBS`, `SystmOne`), compass regions (`the North West`), plurals
/// and agent nouns of common words (`Fridays`, `Facilitators`), a bare `Street`/`Lane` after a
/// capitalised word (the place pattern takes the pair), and ordinary words at a sentence start,
/// which includes the word after a clock time (`08:40 Arrive`), the head of a field label
/// (`Consent form signed:`) and the first word of a quotation (`"Social prescribing"`).
enum NameDetector {
    struct Options: Sendable {
        var thirdParty = true
    }

    static func detect(_ bytes: [UInt8], _ tokens: [Token], lexicon: Lexicon, options: Options) -> [Candidate] {
        let n = tokens.count
        guard n > 0, options.thirdParty else { return streetAndOrganisationPatterns(bytes, tokens, lexicon, []) }
        // Per token: its facts and the decisions below, side by side in one array.
        var words: [WordState] = []
        words.reserveCapacity(n)
        // Only capitalised words become candidates (every pass below requires it), so most passes
        // visit these alone, in text order.
        var capitals: [Int] = []
        capitals.reserveCapacity(n)
        // Title-case headings give no evidence either: mark their lines. Per line (tokens come in
        // line order): counts of capitalised and lower-case long words and of words; at a line's
        // last token its capitalised words learn whether capitals say anything there.
        var line = LineCounts()
        var lineCapitals = 0
        // Whether some capitalised word is an organisation or street suffix: without one the
        // street and organisation patterns find nothing, and are skipped.
        var suffixes = false
        for i in 0..<n {
            let token = tokens[i]
            let f = derivedFacts(bytes, token, lexicon)
            words.append(WordState(facts: f))
            if token.capitalised {
                capitals.append(i)
                // (Derived facts add no suffix marks: these are the word's own.)
                if f.contains(.orgSuffix) || f.contains(.streetSuffix) { suffixes = true }
            }
            if token.hasLetter {
                line.count += 1
                if token.length >= 4 && !f.contains(.functionWord) {
                    if token.capitalised { line.caps += 1 } else if !token.hasDigit { line.lower += 1 }
                }
            }
            guard i == n - 1 || tokens[i + 1].line != token.line else { continue }
            // (`startLike` is read for capitalised words only.)
            for c in lineCapitals..<capitals.count {
                let k = capitals[c]
                words[k].startLike = startLike(k, tokens, words, bytes, line)
            }
            lineCapitals = capitals.count
            line = LineCounts()
        }
        // Per word: mentions in lower case and capitalised inside sentences. Few texts need them,
        // so they are counted on first use.
        var mentions = MentionCounts()

        // 1. Word-level decisions.
        for i in capitals {
            let token = tokens[i]
            let f = words[i].facts
            guard token.capitalised, token.hasLetter, !token.hasDigit, token.length >= 2, !f.contains(.title) else {
                continue
            }
            // A pronoun or filler is a name only right after a title (`Doctor Who`).
            if f.contains(.neverName) && !(i > 0 && words[i - 1].facts.contains(.title) && gapIsBlank(bytes, tokens[i - 1], token)) {
                continue
            }
            // `the North West`, `North East`: a region, not the surname.
            if f.contains(.direction) && isRegion(i, tokens, words, bytes) { continue }
            if isCued(i, tokens, words, bytes) {
                words[i].candidate = true
                words[i].cued = true
                continue
            }
            // Weaker than a cue: found, but not strong evidence for the leak guard.
            if introducesAffiliation(i, tokens, words, bytes) {
                words[i].candidate = true
                continue
            }
            if f.contains(.notName) || isCamelCase(bytes, token) { continue }
            // Family words (`Mum`, `Nan`) are names only after a cue (`called Nan`).
            if f.contains(.relation) { continue }
            let nameWord = f.contains(.firstName) || f.contains(.surname)
            if !nameWord && isAcronym(bytes, token) { continue }  // NHS, GPs, CCG, WEMWBS
            // `Lane` after `Tannery`: a street or organisation word ending a capitalised phrase
            // belongs to the place pattern, not to a surname.
            if i > 0, f.contains(.streetSuffix) || f.contains(.orgSuffix) || f.contains(.placeSuffix),
                tokens[i - 1].capitalised, gapIsBlank(bytes, tokens[i - 1], token)
            {
                continue
            }
            if !f.contains(.common) {
                words[i].candidate = true
                words[i].uncertain = words[i].startLike && !nameWord
                continue
            }
            if nameWord && !words[i].startLike {
                words[i].candidate = true
                continue
            }
            if citationFollows(i, tokens, bytes) {
                words[i].candidate = true
                continue
            }
            // An ordinary word always capitalised inside sentences, standing alone (not in a
            // title-case phrase like `Game of Thrones`): a nickname or a name that is a word. Not
            // when it heads a field label (`Consent form signed: yes`) or opens a quotation
            // (`"Social prescribing - update"`), where capitals say nothing.
            // (The cheap tests first; all of them are pure.)
            guard !words[i].startLike, token.length >= 3, !(i > 0 && tokens[i - 1].hash == theHash) else { continue }
            let seen = mentions.of(token.hash, tokens, words)
            if seen.lower == 0 && seen.capitalisedInside >= consistentMinimum && standsAlone(i, tokens, words, bytes)
                && !headsFieldLabel(i, tokens, bytes) && !TextBytes.opensQuotation(bytes, token.start)
            {
                words[i].candidate = true
                words[i].uncertain = true
            }
        }

        // Co-authors before a cited author: `(Boot, Kramer, & Simons, 2001)`, `Polio and Gass 1997`.
        for i in capitals.reversed() where i >= 1 && words[i].candidate && citationFollows(i, tokens, bytes, commaOptional: true) {
            var k = i
            while k > 0 {
                var p = k - 1
                if words[p].facts.contains(.functionWord) && !tokens[p].capitalised || bytes[tokens[p].start] == 0x26 { p -= 1 }
                guard p >= 0, p < k, tokens[p].capitalised, tokens[p].length >= 2, !words[p].facts.contains(.notName),
                    !words[p].facts.contains(.functionWord), !tokens[p].hasDigit, listSeparated(bytes, tokens[p], tokens[k])
                else { break }
                words[p].candidate = true
                k = p
            }
        }

        // 2. Carry a name found inside a sentence to its other capitalised mentions.
        var carried = WordSet(capacity: 0)
        for i in capitals where words[i].candidate && (!words[i].startLike || words[i].cued) && !words[i].facts.contains(.notName) || words[i].cued {
            carried.insert(tokens[i].hash)
        }
        for i in capitals where !carried.isEmpty && !words[i].candidate && carried.contains(tokens[i].hash) && !tokens[i].hasDigit {
            if words[i].facts.contains(.title) { continue }
            words[i].candidate = true
        }

        // 3. A name word at a sentence start next to a name is part of it (`Grace Hopper said`).
        if n > 1 {
            for i in capitals.reversed() where i < n - 1 && !words[i].candidate && words[i + 1].candidate {
                let f = words[i].facts
                if tokens[i].capitalised, f.contains(.firstName) || f.contains(.surname), !f.contains(.calendar),
                    gapIsBlank(bytes, tokens[i], tokens[i + 1])
                {
                    words[i].candidate = true
                }
            }
            // A first name then a surname, even where capitals say nothing (`JOHN SMITH`, `Will Young said`).
            for i in capitals where i < n - 1 && (!words[i].candidate || !words[i + 1].candidate) {
                let f = words[i].facts
                let g = words[i + 1].facts
                if tokens[i].capitalised, tokens[i + 1].capitalised, f.contains(.firstName), !f.contains(.calendar),
                    !f.contains(.notName), g.contains(.surname), !g.contains(.notName), gapIsBlank(bytes, tokens[i], tokens[i + 1])
                {
                    words[i].candidate = true
                    words[i + 1].candidate = true
                }
            }
        }

        // 4. Runs of candidates become spans.
        var found: [Candidate] = []
        var i = 0
        while i < n {
            guard words[i].candidate else {
                i += 1
                continue
            }
            var first = i
            var last = i
            var allUncertain = words[i].uncertain
            var k = i + 1
            while k < n {
                if words[k].candidate && gapIsBlank(bytes, tokens[last], tokens[k]) {
                    allUncertain = allUncertain && words[k].uncertain
                    last = k
                    k += 1
                    continue
                }
                // Initials and connectors between name words: `John F. Kennedy`, `Ludwig van Beethoven`.
                if k + 1 < n, words[k + 1].candidate,
                    (words[k].facts.contains(.connector) && !tokens[k].capitalised) || isInitial(bytes, tokens[k]),
                    gapIsBlank(bytes, tokens[last], tokens[k]), gapIsBlank(bytes, tokens[k], tokens[k + 1], allowDot: true)
                {
                    last = k + 1
                    allUncertain = allUncertain && words[k + 1].uncertain
                    k += 2
                    continue
                }
                break
            }
            // Titles and initials before the name.
            while first > 0 {
                let p = first - 1
                if (words[p].facts.contains(.title) && tokens[p].capitalised) || isInitial(bytes, tokens[p]),
                    gapIsBlank(bytes, tokens[p], tokens[first], allowDot: true)
                {
                    first = p
                    allUncertain = false
                    continue
                }
                break
            }
            // Organisation and street suffixes after it: `Leeds Road Surgery`.
            var kind = EntityKind.person
            var suffixEnd = last
            var m = last + 1
            while m < n && m <= last + 3 && tokens[m].capitalised && gapIsBlank(bytes, tokens[m - 1], tokens[m]) {
                if words[m].facts.contains(.orgSuffix) || words[m].facts.contains(.streetSuffix) || words[m].facts.contains(.placeSuffix) {
                    suffixEnd = m
                }
                m += 1
            }
            var strong = false
            if suffixEnd > last {
                last = suffixEnd
                allUncertain = false
                strong = true
            }
            kind = words[first].cued && suffixEnd == last && !strong ? .person : kindOf(first: first, last: last, tokens, words, bytes)
            var start = tokens[first].start
            if kind == .place, words[last].facts.contains(.streetSuffix), let number = houseNumber(bytes, tokens, before: first) {
                start = number
                kind = .address
            }
            let cuedRun = (first...last).contains { words[$0].cued || words[$0].facts.contains(.title) }
            found.append(
                Candidate(
                    start: start, end: tokens[last].end, kind: kind, source: .heuristic, strong: strong || kind == .address,
                    cued: cuedRun, uncertain: allUncertain,
                    reason: allUncertain ? "capitalised word that may be an ordinary word" : nil))
            i = last + 1
        }
        return suffixes ? streetAndOrganisationPatterns(bytes, tokens, lexicon, found) : found
    }

    /// A token's facts and what the passes of `detect` decided about it.
    struct WordState {
        var facts: WordFacts = []
        /// Capitalisation says nothing here (sentence start, heading, all capitals).
        var startLike = false
        var candidate = false
        var uncertain = false
        /// After a title or cue.
        var cued = false
    }

    /// Capitalisation says nothing at capitalised token `i`: a sentence start (not after a title or
    /// initial with its dot), a title-case heading line, or all capitals.
    @inline(__always) static func startLike(_ i: Int, _ tokens: [Token], _ words: [WordState], _ bytes: [UInt8], _ line: LineCounts) -> Bool {
        let token = tokens[i]
        var start = token.sentenceStart
        if start, i > 0, words[i - 1].facts.contains(.title) || isInitial(bytes, tokens[i - 1]) {
            let previous = tokens[i - 1].end
            if bytes[previous] == 0x2E && token.start - previous == 2 && bytes[previous + 1] == 0x20 { start = false }
        }
        if line.count > 0, line.caps >= 2, line.lower == 0, line.count <= 14 { start = true }
        if token.allCaps { start = true }
        return start
    }

    /// Long words of one line: capitalised, in lower case, and all words.
    struct LineCounts {
        var caps = 0
        var lower = 0
        var count = 0
    }

    /// How often a word appears in lower case and capitalised inside a sentence.
    struct Mentions {
        var lower = 0
        var capitalisedInside = 0
    }

    /// `Mentions` per word of a text: the first few questions count by a pass over the tokens,
    /// later ones from a table of every word built on the first of them.
    struct MentionCounts {
        private var table: WordTable<Mentions>?
        private var questions = 0
        /// Questions answered by a pass before the table pays off.
        static let passes = 8

        mutating func of(_ hash: UInt64, _ tokens: [Token], _ words: [WordState]) -> Mentions {
            if let table { return table[hash] ?? Mentions() }
            questions += 1
            if questions <= MentionCounts.passes {
                var mentions = Mentions()
                for i in tokens.indices where tokens[i].hash == hash { count(tokens[i], words[i], into: &mentions) }
                return mentions
            }
            var counts = WordTable<Mentions>(capacity: tokens.count)
            for i in tokens.indices {
                let token = tokens[i]
                if countable(token, words[i]) { counts.update(token.hash) { count(token, words[i], into: $0 ?? Mentions()) } }
            }
            table = counts
            return counts[hash] ?? Mentions()
        }

        /// A word in lower case, or capitalised inside a sentence.
        @inline(__always) private func countable(_ token: Token, _ word: WordState) -> Bool {
            token.hasLetter && !token.capitalised && !token.hasDigit || token.capitalised && !word.startLike
        }

        @inline(__always) private func count(_ token: Token, _ word: WordState, into mentions: Mentions) -> Mentions {
            var mentions = mentions
            count(token, word, into: &mentions)
            return mentions
        }

        @inline(__always) private func count(_ token: Token, _ word: WordState, into mentions: inout Mentions) {
            if token.hasLetter && !token.capitalised && !token.hasDigit {
                mentions.lower += 1
            } else if token.capitalised && !word.startLike {
                mentions.capitalisedInside += 1
            }
        }
    }

    /// `X Surgery`, `X Medical Centre`, `X Road`, `14 Mill Lane` where the words before the suffix are
    /// ordinary capitalised words (no name candidate): up to three capitalised words before a suffix.
    static func streetAndOrganisationPatterns(_ bytes: [UInt8], _ tokens: [Token], _ lexicon: Lexicon, _ existing: [Candidate]) -> [Candidate] {
        var found = existing
        var covered = existing.map { ($0.start, $0.end) }
        covered.sort { $0.0 < $1.0 }
        func isCovered(_ token: Token) -> Bool {
            covered.contains { $0.0 <= token.start && token.end <= $0.1 }
        }
        let generic = genericWords
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.capitalised else {
                i += 1
                continue
            }
            let f = lexicon.facts(token.hash)
            guard f.contains(.orgSuffix) || f.contains(.streetSuffix), !isCovered(token), i > 0 else {
                i += 1
                continue
            }
            var first = i
            var distinctive = false
            while first > 0 && i - first < 3 {
                let p = tokens[first - 1]
                let pf = lexicon.facts(p.hash)
                guard p.capitalised, !p.hasDigit, !pf.contains(.functionWord), !pf.contains(.title),
                    gapIsBlank(bytes, p, tokens[first])
                else { break }
                // An all-capitals heading of ordinary words (`FOCUS GROUP`) names nothing.
                if !generic.contains(p.hash) && !pf.contains(.orgSuffix) && !pf.contains(.streetSuffix)
                    && !(p.allCaps && pf.contains(.common))
                {
                    distinctive = true
                }
                first -= 1
            }
            guard distinctive else {
                i += 1
                continue
            }
            var kind: EntityKind = f.contains(.orgSuffix) ? .organisation : .place
            var start = tokens[first].start
            if kind == .place, let number = houseNumber(bytes, tokens, before: first) {
                start = number
                kind = .address
            }
            found.append(Candidate(start: start, end: token.end, kind: kind, source: .heuristic, strong: true))
            covered.append((start, token.end))
            i += 1
        }
        return found
    }

    /// Ordinary words that do not make a capitalised phrase before a suffix distinctive.
    static let genericWords = WordSet([
        "health", "medical", "community", "primary", "care", "general", "family", "the", "new", "old", "main", "high",
        "local", "village", "city", "town", "national", "royal", "county", "district", "practice", "group",
    ])

    /// A title, cue word or `my daughter`-style phrase right before token `i`.
    static func isCued(_ i: Int, _ tokens: [Token], _ words: [WordState], _ bytes: [UInt8]) -> Bool {
        guard i > 0 else { return false }
        let p = i - 1
        // A dot only after a title (`Dr. Patel`): `my grandson. He` is two sentences.
        if words[p].facts.contains(.title) && tokens[p].capitalised && gapIsBlank(bytes, tokens[p], tokens[i], allowDot: true) {
            return true
        }
        guard gapIsBlank(bytes, tokens[p], tokens[i]), !words[i].facts.contains(.neverName) else { return false }
        if words[p].facts.contains(.cue) { return true }
        if p > 0, words[p].facts.contains(.relation), !tokens[p].capitalised || tokens[p].sentenceStart,
            words[p - 1].facts.contains(.possessive), gapIsBlank(bytes, tokens[p - 1], tokens[p])
        {
            return true
        }
        return false
    }

    /// A first name followed by where the person comes from: `Bill from the men's shed`, `Will from
    /// the housing association`, `Jan from our reception` (even at a sentence start).
    static func introducesAffiliation(_ i: Int, _ tokens: [Token], _ words: [WordState], _ bytes: [UInt8]) -> Bool {
        let f = words[i].facts
        guard f.contains(.firstName), !f.contains(.calendar), !f.contains(.notName), i + 2 < tokens.count,
            tokens[i + 1].hash == fromHash, !tokens[i + 1].capitalised,
            tokens[i + 2].hash == theHash || words[i + 2].facts.contains(.possessive),
            gapIsBlank(bytes, tokens[i], tokens[i + 1]), gapIsBlank(bytes, tokens[i + 1], tokens[i + 2])
        else { return false }
        return true
    }

    static let fromHash = TextBytes.hash("from")

    /// Mentions an ordinary word needs inside sentences (and none in lower case) to count as a name.
    /// One is enough: the word must also stand alone, not follow `the`, and never appear in lower case.
    static let consistentMinimum = 1

    static let theHash = TextBytes.hash("the")

    /// Only `, `, `; `, ` & `, ` and ` (with their blanks) between two words of a list of names.
    static func listSeparated(_ bytes: [UInt8], _ a: Token, _ b: Token) -> Bool {
        guard b.start > a.end, b.start - a.end <= 6 else { return false }
        for k in a.end..<b.start {
            let c = bytes[k]
            if c == 0x20 || c == 0x2C || c == 0x3B || c == 0x26 || c == 0x61 || c == 0x6E || c == 0x64 { continue }
            return false
        }
        return true
    }

    /// `ChangeCoordSys`, `PhD`, `YouTubeChannel`: identifiers and degrees, not personal names
    /// (`McDonald`, `DiCaprio` keep one inner capital followed by lower case and still count).
    static func isCamelCase(_ bytes: [UInt8], _ token: Token) -> Bool {
        guard !token.allCaps else { return false }
        var inner = 0
        var lastUpper = false
        for k in (token.start + 1)..<token.end {
            let b = bytes[k]
            if b >= 0x41 && b <= 0x5A {
                inner += 1
                lastUpper = k == token.end - 1
            }
        }
        return inner >= 2 || lastUpper
    }

    /// `Chambers, 2017`, `Chambers (2017)`, `Chambers et al.`: an author in a citation.
    static func citationFollows(_ i: Int, _ tokens: [Token], _ bytes: [UInt8], commaOptional: Bool = false) -> Bool {
        guard i + 1 < tokens.count else { return false }
        let next = tokens[i + 1]
        let gap = next.start - tokens[i].end
        guard gap >= 1 && gap <= 3 else { return false }
        var k = tokens[i].end
        var sawComma = false
        var sawParen = false
        while k < next.start {
            switch bytes[k] {
            case 0x2C: sawComma = true
            case 0x28: sawParen = true
            case 0x20: break
            default: return false
            }
            k += 1
        }
        if next.allDigits && next.length == 4 && (sawComma || sawParen || commaOptional) {
            let century = (bytes[next.start], bytes[next.start + 1])
            return century == (0x31, 0x39) || century == (0x32, 0x30) || century == (0x31, 0x38)
        }
        if !sawComma && !sawParen && next.length == 2 && (bytes[next.start] | 0x20) == 0x65 && (bytes[next.start + 1] | 0x20) == 0x74,
            i + 2 < tokens.count, (bytes[tokens[i + 2].start] | 0x20) == 0x61
        {
            return true
        }
        return false
    }

    /// Not next to other capitalised ordinary words (`World Cup`, `Game of Thrones`) nor before a
    /// number (`Figure 3`).
    static func standsAlone(_ i: Int, _ tokens: [Token], _ words: [WordState], _ bytes: [UInt8]) -> Bool {
        func titleWord(_ k: Int) -> Bool {
            guard k >= 0 && k < tokens.count else { return false }
            return tokens[k].capitalised && words[k].facts.contains(.common) && !words[k].facts.contains(.firstName)
                && !words[k].facts.contains(.surname)
        }
        if i > 0, gapIsBlank(bytes, tokens[i - 1], tokens[i]) {
            if titleWord(i - 1) { return false }
            if i > 1, words[i - 1].facts.contains(.functionWord), !tokens[i - 1].capitalised, titleWord(i - 2) { return false }
        }
        if i + 1 < tokens.count, gapIsBlank(bytes, tokens[i], tokens[i + 1]) {
            if titleWord(i + 1) || tokens[i + 1].hasDigit { return false }
            if i + 2 < tokens.count, words[i + 1].facts.contains(.functionWord), !tokens[i + 1].capitalised, titleWord(i + 2) {
                return false
            }
        }
        return true
    }

    /// A compass word after `the` or next to another compass word (`the North`, `North West`).
    static func isRegion(_ i: Int, _ tokens: [Token], _ words: [WordState], _ bytes: [UInt8]) -> Bool {
        if i > 0, tokens[i - 1].hash == theHash || words[i - 1].facts.contains(.direction), gapIsBlank(bytes, tokens[i - 1], tokens[i]) {
            return true
        }
        return i + 1 < tokens.count && words[i + 1].facts.contains(.direction) && gapIsBlank(bytes, tokens[i], tokens[i + 1])
    }

    /// `J.` in `J. Smith`; never the pronoun `I` (`Where was I. Yes.`).
    static func isInitial(_ bytes: [UInt8], _ token: Token) -> Bool {
        token.length == 1 && token.capitalised && bytes[token.start] != 0x49 && token.end < bytes.count
            && bytes[token.end] == 0x2E
    }

    /// An acronym, not a name: all capitals (a plural `s` allowed: `GPs`) of at most four letters,
    /// or at most six with one vowel (`WEMWBS`, `CAMHS`), or an NHS and health-services term from
    /// the shipped list (`health-services.txt`).
    static func isAcronym(_ bytes: [UInt8], _ token: Token) -> Bool {
        var letters = 0
        var vowels = 0
        var end = token.end
        if end - token.start >= 3, bytes[end - 1] == 0x73 { end -= 1 }  // plural `s`
        for k in token.start..<end {
            let b = bytes[k]
            guard b >= 0x41 && b <= 0x5A else { return false }
            letters += 1
            if b == 0x41 || b == 0x45 || b == 0x49 || b == 0x4F || b == 0x55 || b == 0x59 { vowels += 1 }
        }
        return letters >= 2 && (letters <= 4 || (letters <= 6 && vowels <= 1))
    }

    /// The head of a `Key words: value` field label (`Consent form signed: yes`, `Date of visit:`):
    /// up to three lower-case words after it, then a colon and a blank.
    static func headsFieldLabel(_ i: Int, _ tokens: [Token], _ bytes: [UInt8]) -> Bool {
        var k = i
        while k < tokens.count && k <= i + 3 {
            let end = tokens[k].end
            if end + 1 < bytes.count, bytes[end] == 0x3A, bytes[end + 1] == 0x20 || bytes[end + 1] == 0x0A {
                return true
            }
            if end == bytes.count - 1 && bytes[end] == 0x3A { return true }
            guard k + 1 < tokens.count, gapIsBlank(bytes, tokens[k], tokens[k + 1]), !tokens[k + 1].capitalised else {
                return false
            }
            k += 1
        }
        return false
    }

    /// The word's facts, with a word missing from the lists taking those of its parts: a plural
    /// (`Fridays`, `Charities`) those of its singular, an agent noun in `-ator` (`Facilitators`)
    /// and a hyphenated word of common words (`Mid-level`) the common mark. Name marks are never
    /// inherited.
    @inline(__always) static func derivedFacts(_ bytes: [UInt8], _ token: Token, _ lexicon: Lexicon) -> WordFacts {
        let own = lexicon.facts(token.hash)
        let known: WordFacts = [.common, .firstName, .surname, .notName]
        guard own.isDisjoint(with: known), token.hasLetter, !token.hasDigit, token.length >= 4 else { return own }
        return inheritedFacts(bytes, token, lexicon, own)
    }

    /// `derivedFacts` of a word the lists do not know, from its parts.
    static func inheritedFacts(_ bytes: [UInt8], _ token: Token, _ lexicon: Lexicon, _ own: WordFacts) -> WordFacts {
        let last = bytes[token.end - 1]
        var end = token.end
        if last == 0x73 { end -= 1 }
        // An agent noun the dictionary lacks (`facilitator`) is as common as its verb (`facilitate`).
        if end - token.start >= 7, bytes[end - 4] | 0x20 == 0x61, bytes[end - 3] | 0x20 == 0x74, bytes[end - 2] | 0x20 == 0x6F,
            bytes[end - 1] | 0x20 == 0x72
        {
            let verb = TextBytes.mix(TextBytes.hash(bytes, token.start, end - 2), 0x65)
            if lexicon.facts(verb).contains(.common) { return own.union(.common) }
        }
        if last == 0x73 {
            var singular = TextBytes.hash(bytes, token.start, token.end - 1)
            var inherited = lexicon.facts(singular)
            let beforeE = bytes[token.end - 3] | 0x20
            if inherited.isDisjoint(with: [.common, .notName]), bytes[token.end - 2] == 0x65,
                beforeE == 0x73 || beforeE == 0x78 || beforeE == 0x7A || beforeE == 0x68 || beforeE == 0x69
            {
                singular = TextBytes.hash(bytes, token.start, token.end - 2)  // `churches`
                inherited = lexicon.facts(singular)
                if inherited.isDisjoint(with: [.common, .notName]), token.length >= 5, bytes[token.end - 3] == 0x69 {
                    singular = TextBytes.mix(TextBytes.hash(bytes, token.start, token.end - 3), 0x79)  // `charities`
                    inherited = lexicon.facts(singular)
                }
            }
            return own.union(inherited.intersection([.common, .notName, .calendar, .healthTerm]))
        }
        var partStart = token.start
        var parts = 0
        for k in token.start...token.end where k == token.end || bytes[k] == 0x2D {
            guard k > partStart, lexicon.facts(TextBytes.hash(bytes, partStart, k)).contains(.common) else { return own }
            parts += 1
            partStart = k + 1
        }
        return parts >= 2 ? own.union(.common) : own
    }


    /// Only blanks (at most one line end) between two tokens; `allowDot` admits `Dr. Smith`, `J. Smith`.
    static func gapIsBlank(_ bytes: [UInt8], _ a: Token, _ b: Token, allowDot: Bool = false) -> Bool {
        var k = a.end
        guard b.start > k, b.start - k <= 4 else { return false }
        var newlines = 0
        if allowDot && bytes[k] == 0x2E { k += 1 }
        guard k < b.start else { return false }
        while k < b.start {
            switch bytes[k] {
            case 0x20, 0x09, 0x0D: break
            case 0x0A: newlines += 1
            default: return false
            }
            k += 1
        }
        return newlines <= 1
    }

    /// Offset of a house number (`14`, `14a`, `14-16`) right before token `first`.
    static func houseNumber(_ bytes: [UInt8], _ tokens: [Token], before first: Int) -> Int? {
        guard first > 0 else { return nil }
        let p = tokens[first - 1]
        guard p.hasDigit, p.length <= 6, gapIsBlank(bytes, p, tokens[first]) || (p.end < bytes.count && bytes[p.end] == 0x2C && tokens[first].start - p.end == 2) else { return nil }
        var digits = 0
        for k in p.start..<p.end where bytes[k] >= 0x30 && bytes[k] <= 0x39 { digits += 1 }
        return digits >= 1 && digits <= 4 && bytes[p.start] >= 0x30 && bytes[p.start] <= 0x39 ? p.start : nil
    }

    static func kindOf(first: Int, last: Int, _ tokens: [Token], _ words: [WordState], _ bytes: [UInt8]) -> EntityKind {
        if words[last].facts.contains(.orgSuffix) { return .organisation }
        if words[last].facts.contains(.streetSuffix) || words[last].facts.contains(.placeSuffix) { return .place }
        var nameWord = false
        var proper = false
        var titled = false
        for k in first...last {
            if words[k].facts.contains(.title) { titled = true }
            if words[k].facts.contains(.firstName) { nameWord = true }
            if words[k].facts.contains(.proper) { proper = true }
        }
        if titled { return .person }
        if first > 0, words[first - 1].facts.contains(.placePreposition), !tokens[first - 1].capitalised, !nameWord { return .place }
        if proper && !nameWord { return .place }
        return .person
    }
}
