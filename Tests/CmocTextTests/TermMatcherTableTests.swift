import Testing
@testable import CmocText

/// Matching semantics as rows of patterns, haystack and expected matches, in the style of
/// BurntSushi/aho-corasick's `tests.rs`. Each expected match is (pattern index, matched text).
struct MatcherRow: CustomStringConvertible, Sendable {
    var name: String
    var patterns: [String]
    var haystack: String
    var expected: [(Int, String)]
    var description: String { name }
}

let matcherRows: [MatcherRow] = [
    // Basics and word boundaries.
    MatcherRow(name: "empty haystack", patterns: ["refer"], haystack: "", expected: []),
    MatcherRow(name: "single word", patterns: ["refer"], haystack: "we refer them", expected: [(0, "refer")]),
    MatcherRow(name: "no match inside a word", patterns: ["refer"], haystack: "I prefer referees", expected: []),
    MatcherRow(name: "at start and end", patterns: ["gp"], haystack: "GP said gp", expected: [(0, "GP"), (0, "gp")]),
    MatcherRow(name: "digits are word characters", patterns: ["covid"], haystack: "covid19 and covid-19", expected: [(0, "covid")]),
    MatcherRow(name: "possessive apostrophe ends the word", patterns: ["gp"], haystack: "the GP's list", expected: [(0, "GP")]),
    MatcherRow(name: "several occurrences", patterns: ["no"], haystack: "no, no and No.", expected: [(0, "no"), (0, "no"), (0, "No")]),
    // Case folding.
    MatcherRow(name: "case folding", patterns: ["Social Prescribing"], haystack: "SOCIAL prescribing", expected: [(0, "SOCIAL prescribing")]),
    // Overlaps: every pattern starting at every word is reported.
    MatcherRow(
        name: "nested phrase and word", patterns: ["social prescribing", "prescribing", "social"],
        haystack: "social prescribing works",
        expected: [(2, "social"), (0, "social prescribing"), (1, "prescribing")]),
    MatcherRow(
        name: "overlapping phrases", patterns: ["link worker", "worker role"], haystack: "the link worker role",
        expected: [(0, "link worker"), (1, "worker role")]),
    MatcherRow(name: "duplicate patterns both report", patterns: ["refer", "refer"], haystack: "refer", expected: [(0, "refer"), (1, "refer")]),
    MatcherRow(name: "prefix of a phrase only", patterns: ["link worker"], haystack: "link work", expected: []),
    // Wildcards.
    MatcherRow(
        name: "suffix wildcard", patterns: ["referral*"], haystack: "referral, referrals and referral-based",
        expected: [(0, "referral"), (0, "referrals"), (0, "referral")]),
    MatcherRow(name: "wildcard needs the stem at word start", patterns: ["refer*"], haystack: "preferred", expected: []),
    MatcherRow(
        name: "wildcard at the end of a phrase", patterns: ["social prescrib*"], haystack: "Social Prescribers and social prescribing",
        expected: [(0, "Social Prescribers"), (0, "social prescribing")]),
    MatcherRow(
        name: "wildcard and exact together", patterns: ["signpost*", "signpost"], haystack: "signposted to a signpost",
        expected: [(0, "signposted"), (0, "signpost"), (1, "signpost")]),
    // Flexible whitespace and punctuation inside phrases.
    MatcherRow(name: "hyphen matches space", patterns: ["self referral"], haystack: "a self-referral", expected: [(0, "self-referral")]),
    MatcherRow(name: "space matches hyphen", patterns: ["self-referral"], haystack: "a self  referral", expected: [(0, "self  referral")]),
    MatcherRow(name: "line break and comma inside a phrase", patterns: ["not my job"], haystack: "not,\nmy job", expected: [(0, "not,\nmy job")]),
    MatcherRow(name: "curly apostrophe", patterns: ["don't"], haystack: "I don\u{2019}t", expected: [(0, "don\u{2019}t")]),
    MatcherRow(name: "straight apostrophe in the text", patterns: ["don't"], haystack: "I don't", expected: [(0, "don't")]),
    MatcherRow(name: "em dash separates words", patterns: ["feedback"], haystack: "feedback\u{2014}none", expected: [(0, "feedback")]),
    MatcherRow(name: "emoji separates words", patterns: ["thanks"], haystack: "thanks\u{1F600}", expected: [(0, "thanks")]),
    // Diacritic folding (Latin-1 and Latin Extended-A), precomposed and combining.
    MatcherRow(name: "precomposed accent in text", patterns: ["cafe"], haystack: "the Caf\u{E9} group", expected: [(0, "Caf\u{E9}")]),
    MatcherRow(name: "accent in pattern", patterns: ["caf\u{E9}"], haystack: "the cafe group", expected: [(0, "cafe")]),
    MatcherRow(name: "combining accent ignored", patterns: ["cafe"], haystack: "cafe\u{301} club", expected: [(0, "cafe\u{301}")]),
    MatcherRow(name: "naive with diaeresis", patterns: ["naive"], haystack: "na\u{EF}ve", expected: [(0, "na\u{EF}ve")]),
    MatcherRow(name: "Latin Extended-A", patterns: ["lodz"], haystack: "\u{141}\u{F3}d\u{17A}", expected: [(0, "\u{141}\u{F3}d\u{17A}")]),
    MatcherRow(name: "unfolded letters stay distinct", patterns: ["strasse"], haystack: "stra\u{DF}e", expected: []),
    MatcherRow(name: "non-Latin letters are word characters", patterns: ["gp"], haystack: "gp\u{4E2D}", expected: []),
    // British and American spellings.
    MatcherRow(name: "-ise/-ize", patterns: ["organise"], haystack: "organize and organise", expected: [(0, "organize"), (0, "organise")]),
    MatcherRow(name: "-isation wildcard", patterns: ["organis*"], haystack: "organization", expected: [(0, "organization")]),
    MatcherRow(name: "-our/-or", patterns: ["behaviour"], haystack: "behavior", expected: [(0, "behavior")]),
    MatcherRow(name: "-or/-our", patterns: ["favorite"], haystack: "my favourite", expected: [(0, "favourite")]),
    MatcherRow(name: "-re/-er", patterns: ["community centre"], haystack: "community center", expected: [(0, "community center")]),
    MatcherRow(name: "-ll- pairs", patterns: ["enrolment"], haystack: "enrollment", expected: [(0, "enrollment")]),
    MatcherRow(name: "short words do not alternate", patterns: ["four"], haystack: "for", expected: []),
    MatcherRow(name: "floor is not flour", patterns: ["floor"], haystack: "flour", expected: []),
]

@Test(arguments: matcherRows)
func matcherTable(_ row: MatcherRow) throws {
    let patterns = try row.patterns.map { try TermPattern.parse($0).get() }
    let matcher = TermMatcher(patterns)
    let bytes = Array(row.haystack.utf8)
    let got = matcher.matches(in: row.haystack).map { ($0.term, String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) }
    #expect(got.map(\.0) == row.expected.map(\.0), "\(row.name): pattern order")
    #expect(got.map(\.1) == row.expected.map(\.1), "\(row.name): matched text")
}

@Test func matcherReportsByteOffsets() throws {
    let matcher = TermMatcher([try TermPattern.parse("feedback").get()])
    // "Café " is 6 bytes: offsets are UTF-8, not characters.
    let found = matcher.matches(in: "Café feedback")
    #expect(found == [TermMatcher.Match(term: 0, start: 6, end: 14)])
}

@Test func spellingVariantsCanBeTurnedOff() throws {
    let matcher = TermMatcher([try TermPattern.parse("organise").get()], spellingVariants: false)
    #expect(matcher.matches(in: "organize").isEmpty)
}

@Test func sharedPrefixesShareStates() throws {
    let one = TermMatcher([try TermPattern.parse("referral").get()], spellingVariants: false)
    let two = TermMatcher(try ["referral", "referrals"].map { try TermPattern.parse($0).get() }, spellingVariants: false)
    // Root plus one state per byte; the shared prefix is stored once.
    #expect(one.stateCount == 9)
    #expect(two.stateCount == 10)
}
