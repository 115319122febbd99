import CmocModel
import Testing
@testable import CmocText

@Test func latinFoldTableCoversC0ToFF() {
    #expect(ByteFold.latinTable.count == 192)
}

@Test(arguments: [
    ("A", [UInt8(ascii: "a")]),
    ("É", [UInt8(ascii: "e")]),
    ("ž", [UInt8(ascii: "z")]),
    ("\u{A0}", [ByteFold.separator]),
    ("\u{2019}", [ByteFold.separator]),
    ("e\u{301}", [UInt8(ascii: "e")]),
    ("a  ,  b", [UInt8(ascii: "a"), ByteFold.separator, UInt8(ascii: "b")]),
    ("Æ", [0xC3, 0x86]),
])
func foldRows(_ text: String, _ expected: [UInt8]) {
    #expect(ByteFold.fold(text) == expected)
}

@Test(arguments: [
    ("referral*", "referral*", true),
    ("  Social   Prescrib* ", "social prescrib*", true),
    ("self-referral", "self referral", true),
])
func termPatternParses(_ text: String, _ display: String, _ ok: Bool) throws {
    let pattern = try TermPattern.parse(text).get()
    #expect(pattern.display == display)
}

@Test(arguments: [
    ("", TermPattern.Problem.empty),
    (" - ", .empty),
    ("re*fer", .misplacedWildcard),
    ("refer *", .misplacedWildcard),
    ("**", .misplacedWildcard),
])
func termPatternRejects(_ text: String, _ problem: TermPattern.Problem) {
    guard case .failure(let got) = TermPattern.parse(text) else {
        Issue.record("'\(text)' should be rejected")
        return
    }
    #expect(got == problem)
}

@Test(arguments: [
    ("organise", false, ["organise", "organize"]),
    ("colour", false, ["colour", "color"]),
    ("centre", false, ["centre", "center"]),
    ("analyse", false, ["analyse", "analyze"]),
    ("organis", true, ["organis", "organiz"]),
    ("four", false, ["four"]),
    ("programme", false, ["programme", "program"]),
])
func spellingVariantRows(_ word: String, _ isPrefix: Bool, _ expected: [String]) {
    let got = SpellingVariants.variants(of: ByteFold.fold(word), isPrefix: isPrefix).map { String(decoding: $0, as: UTF8.self) }
    #expect(got == expected)
}

@Test(arguments: [
    ("One. Two.", ["One.", "Two."]),
    ("Dr. Smith came. She left.", ["Dr. Smith came.", "She left."]),
    ("It went from 2.5 to 3. Then stopped", ["It went from 2.5 to 3.", "Then stopped"]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    ("e.g. this one. and lower case continues", ["e.g. this one. and lower case continues"]),
    ("line one\nline two", ["line one", "line two"]),
    ("He said \"no.\" Then left", ["He said \"no.\"", "Then left"]),
    ("Wait\u{2026} Then", ["Wait\u{2026}", "Then"]),
    ("   ", []),
])
func sentenceRows(_ text: String, _ expected: [String]) {
    let bytes = Array(text.utf8)
    let got = SentenceSplitter.sentences(in: text).map { String(decoding: bytes[$0], as: UTF8.self) }
    #expect(got == expected)
}

@Test(arguments: [
    ("I don't refer", ["I", "don", "t", "refer"]),
    ("self-referral, café", ["self", "referral", "café"]),
    ("", []),
])
func wordRows(_ text: String, _ expected: [String]) {
    let bytes = Array(text.utf8)
    #expect(WordTokenizer.words(in: text).map { String(decoding: bytes[$0], as: UTF8.self) } == expected)
}

@Test func countWordsBetween() {
    var bytes = Array("feedback from the patients".utf8)
    let n = bytes.withUnsafeMutableBufferPointer { WordTokenizer.countWords(in: UnsafeBufferPointer($0), range: 8..<18) }
    #expect(n == 2)
}

@Test(arguments: [
    ("kitten", "sitting", 3),
    ("", "abc", 3),
    ("same", "same", 0),
    ("keyword", "keywords", 1),
])
func editDistanceRows(_ a: String, _ b: String, _ d: Int) {
    #expect(Suggestion.distance(a, b) == d)
}

@Test func closestSuggestsOnlyPlausibleNames() {
    #expect(Suggestion.closest(to: "keyword", in: ["keywords", "phrase", "regex"]) == "keywords")
    #expect(Suggestion.closest(to: "mech-valeu-lw", in: ["mech-value-lw", "out-referral"]) == "mech-value-lw")
    #expect(Suggestion.closest(to: "zzzzzz", in: ["keywords", "phrase"]) == nil)
}
