import Foundation

/// What the word lists say about a word, as bits.
struct WordFacts: OptionSet, Sendable, Hashable {
    let rawValue: UInt32
    /// Written in lower case in the dictionary: capitalised, it may still be an ordinary word.
    static let common = WordFacts(rawValue: 1 << 0)
    static let firstName = WordFacts(rawValue: 1 << 1)
    static let surname = WordFacts(rawValue: 1 << 2)
    /// A dictionary proper noun (mostly places).
    static let proper = WordFacts(rawValue: 1 << 3)
    /// Capitalised but never a personal name (months, nationalities, faiths…).
    static let notName = WordFacts(rawValue: 1 << 4)
    /// `Dr`, `Mrs`, `Nurse`…: included in the span of the name that follows.
    static let title = WordFacts(rawValue: 1 << 5)
    /// `de`, `van`, `bin`…: joins two name words.
    static let connector = WordFacts(rawValue: 1 << 6)
    /// Ends an organisation name (`Surgery`, `Medical Centre`, `Trust`…).
    static let orgSuffix = WordFacts(rawValue: 1 << 7)
    /// Ends a street name (`Road`, `Lane`…).
    static let streetSuffix = WordFacts(rawValue: 1 << 8)
    /// Followed by a name: `called`, `named`, `Dear`.
    static let cue = WordFacts(rawValue: 1 << 9)
    /// `daughter`, `husband`, `neighbour`…: after `my`/`our`/`her`, the next capitalised word is a name.
    static let relation = WordFacts(rawValue: 1 << 10)
    /// `my`, `our`, `his`, `her`, `their`, `your`.
    static let possessive = WordFacts(rawValue: 1 << 11)
    /// `in`, `from`, `near`…: a name right after it is typed as a place.
    static let placePreposition = WordFacts(rawValue: 1 << 12)
    /// Short words of a title-case heading that say nothing (`of`, `the`, `and`…).
    static let functionWord = WordFacts(rawValue: 1 << 13)
    /// A month or weekday: part of dates; a name only with a cue.
    static let calendar = WordFacts(rawValue: 1 << 14)
    /// Ends a place name (`Town`, `Park`, `Estate`…).
    static let placeSuffix = WordFacts(rawValue: 1 << 15)
    /// Pronouns, determiners, interjections and the function words: never a name, even after a cue.
    static let neverName = WordFacts(rawValue: 1 << 16)
    /// An acronym or product name of NHS and health-services talk (`EMIS`, `SystmOne`, `WEMWBS`).
    static let healthTerm = WordFacts(rawValue: 1 << 17)
    /// A compass point: part of a region (`the North West`), though also a surname (`North`).
    static let direction = WordFacts(rawValue: 1 << 18)
}

/// The word lists (Resources/, see PROVENANCE.md) and the small built-in vocabularies, as one hash
/// table from folded-word hash to `WordFacts`. Loaded once per process.
struct Lexicon: Sendable {
    private let table: WordTable<WordFacts>
    private let adjectival: Set<UInt64>

    static let shared = Lexicon()

    @inline(__always) func facts(_ hash: UInt64) -> WordFacts { table[hash] ?? [] }

    static let titles = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "nurse", "sister", "sir", "dame",
        "lady", "lord", "rev", "reverend", "father", "councillor", "cllr", "st", "saint",
        // Ranks and offices written before a name: `President Obama`, `King Charles`, `Imam Ali`.
        "president", "king", "queen", "prince", "princess", "emperor", "empress", "tsar", "czar", "tsarevna",
        "earl", "duke", "duchess", "baron", "baroness", "countess", "pope", "bishop", "archbishop", "cardinal",
        "senator", "governor", "minister", "chancellor", "ambassador", "general", "colonel", "captain", "major",
        "lieutenant", "sergeant", "commander", "admiral", "judge", "justice", "dean", "sheikh", "imam", "rabbi",
        "pastor", "mayor", "sultan", "shah", "regent", "secretary", "premier", "chairman", "chairwoman", "chair",
        "officer", "constable", "detective", "inspector", "coach", "uncle", "aunt", "auntie", "grandma", "grandpa",
    ]
    static let connectors = ["de", "van", "von", "da", "del", "della", "di", "du", "le", "la", "bin", "ibn", "al", "der", "den", "dos", "das", "ter", "mac"]
    static let orgSuffixes = [
        "surgery", "practice", "centre", "center", "clinic", "hospital", "hospitals", "trust", "council", "university",
        "college", "school", "academy", "ltd", "limited", "plc", "inc", "llp", "group", "association", "society",
        "foundation", "charity", "partnership", "network", "pcn", "ccg", "institute", "museum", "company", "club",
        "church", "chapel", "mosque", "temple", "synagogue", "pharmacy", "chemist", "bank", "library", "services",
        "federation", "alliance", "collective", "hub", "project", "board", "authority", "agency", "department",
        "ministry", "office", "party", "corporation", "press", "news", "times", "fc", "united", "hall",
    ]
    static let streetSuffixes = [
        "road", "rd", "street", "lane", "ln", "avenue", "ave", "close", "drive", "way", "crescent",
        "place", "square", "terrace", "gardens", "grove", "row", "walk", "court", "mews", "hill", "rise", "parade",
        "boulevard", "view",
    ]
    static let placeSuffixes = ["town", "city", "village", "park", "estate", "green", "common", "heath", "valley", "bridge", "county", "shire", "island", "islands", "river", "lake", "mountains", "bay", "beach"]
    static let cues = ["called", "named", "dear", "nee", "née", "aka", "alias", "surname", "forename", "christened", "named:"]
    static let relations = [
        "daughter", "son", "wife", "husband", "partner", "mum", "mom", "mother", "dad", "father", "brother",
        "sister", "friend", "neighbour", "neighbor", "nan", "gran", "grandma", "grandad", "granddad", "grandson",
        "granddaughter", "aunt", "auntie", "uncle", "cousin", "niece", "nephew", "boyfriend", "girlfriend", "boss",
        "colleague", "carer", "gp", "doctor", "nurse", "manager", "child", "kid", "baby", "stepson", "stepdaughter",
        "fiancé", "fiance", "fiancée", "ex",
    ]
    static let possessives = ["my", "our", "his", "her", "their", "your"]
    static let placePrepositions = ["in", "from", "near", "around", "across", "towards", "outside", "inside", "through", "via"]
    static let functionWords = [
        "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "from", "as", "is", "are",
        "vs", "via", "into", "onto", "but", "nor", "so", "yet", "its", "it", "this", "that", "how", "what", "why",
        "i", "me", "you", "he", "him", "she", "we", "us", "they", "them", "who", "whom", "yes", "no", "not",
        "if", "then", "when", "where", "there", "here", "be", "was", "were", "do", "did", "has", "have", "had",
    ]
    /// Pronouns and determiners beyond the function words (`She`, `These`, `Everyone`).
    static let pronouns = [
        "she", "her", "hers", "his", "its", "our", "ours", "their", "theirs", "mine", "yours", "my", "your",
        "myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves", "these", "those",
        "some", "any", "each", "every", "all", "both", "either", "neither", "someone", "somebody", "everyone",
        "everybody", "anyone", "anybody", "nobody", "none", "nothing", "something", "everything", "anything",
    ]
    /// Interjections and fillers of transcribed speech (`Hmm.`, `Erm`, `Yeah`).
    static let interjections = [
        "hmm", "hmmm", "mm", "mmm", "mhm", "mm-hmm", "uh-huh", "um", "umm", "erm", "er", "uh", "ah", "aah", "oh",
        "ooh", "eh", "aw", "aww", "yeah", "yep", "yup", "yea", "nah", "nope", "okay", "ok", "hey", "hi", "hiya",
        "wow", "huh", "gosh", "blimey", "ta", "cheers", "oops", "ugh", "phew", "right", "alright", "well", "sorry",
    ]
    /// Compass points and regions: `the North West`, `South Yorkshire` (a name only after a cue).
    static let directions = [
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "north-east",
        "north-west", "south-east", "south-west", "northeast", "northwest", "southeast", "southwest", "midlands",
        "central",
    ]
    static let calendar = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    private init() {
        adjectival = Lexicon.adjectivalProperNouns()
        var table: [UInt64: WordFacts] = [:]
        table.reserveCapacity(90_000)
        func add(_ words: [String], _ fact: WordFacts) {
            for word in words { table[TextBytes.hash(word), default: []].insert(fact) }
        }
        for (file, fact) in [
            ("common-words", WordFacts.common), ("first-names", .firstName), ("surnames", .surname),
            ("proper-nouns", .proper), ("not-names", .notName), ("health-services", [.healthTerm, .notName]),
        ] {
            Lexicon.eachLine(of: file) { hash in table[hash, default: []].insert(fact) }
        }
        add(Lexicon.titles, .title)
        add(Lexicon.connectors, .connector)
        add(Lexicon.orgSuffixes, .orgSuffix)
        add(Lexicon.streetSuffixes, .streetSuffix)
        add(Lexicon.placeSuffixes, .placeSuffix)
        add(Lexicon.cues, .cue)
        add(Lexicon.relations, .relation)
        add(Lexicon.possessives, .possessive)
        add(Lexicon.placePrepositions, .placePreposition)
        add(Lexicon.functionWords, .functionWord)
        add(Lexicon.calendar, [.calendar, .notName])
        add(Lexicon.functionWords + Lexicon.pronouns + Lexicon.interjections, [.neverName, .notName])
        add(Lexicon.directions, .direction)
        // The census lists hold a few function words (`In`, `My`, `He`): never names.
        for word in Lexicon.functionWords + Lexicon.possessives + Lexicon.placePrepositions + Lexicon.pronouns
            + Lexicon.interjections
        {
            table[TextBytes.hash(word)]?.subtract([.firstName, .surname])
        }
        Lexicon.eachLine(of: "health-services") { hash in table[hash]?.subtract([.firstName, .surname]) }
        // Dictionary proper nouns with an adjective ending (`Armenian`, `Balinese`, `Celtic`) are
        // peoples, languages and styles, not persons, unless they are also first names.
        for (hash, fact) in table where fact.contains(.proper) && !fact.contains(.firstName) && adjectival.contains(hash) {
            table[hash]?.insert(.notName)
        }
        var frozen = WordTable<WordFacts>(capacity: table.count)
        for (hash, fact) in table { frozen.set(hash, fact) }
        self.table = frozen
    }

    /// Calls `body` with the hash of every line of a bundled list. A missing list is a packaging
    /// bug; it leaves the table without that list, which a test pins.
    static func eachLine(of name: String, _ body: (UInt64) -> Void) {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { return }
        let bytes = [UInt8](data)
        var h = TextBytes.fnvOffset
        var empty = true
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                if !empty { body(h) }
                h = TextBytes.fnvOffset
                empty = true
            } else if b != 0x0D {
                if let (folded, width) = TextBytes.foldApostrophe(bytes, i) {
                    h = TextBytes.mix(h, folded)
                    i += width
                    empty = false
                    continue
                }
                h = TextBytes.mix(h, TextBytes.fold(bytes, i))
                empty = false
            }
            i += 1
        }
        if !empty { body(h) }
    }

    /// Hashes of the proper-noun list's entries ending like adjectives of peoples or doctrines.
    private static func adjectivalProperNouns() -> Set<UInt64> {
        var result = Set<UInt64>()
        guard let url = Bundle.module.url(forResource: "proper-nouns", withExtension: "txt", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return result }
        let endings = ["ian", "ians", "ean", "eans", "ese", "ish", "ic", "ism", "ists", "ites"]
        for line in text.split(separator: "\n") {
            let word = String(line)
            if endings.contains(where: { word.hasSuffix($0) }) { result.insert(TextBytes.hash(word)) }
        }
        return result
    }

    /// Entries read from each bundled list (for the packaging test).
    static func listSize(_ name: String) -> Int {
        var count = 0
        eachLine(of: name) { _ in count += 1 }
        return count
    }
}
