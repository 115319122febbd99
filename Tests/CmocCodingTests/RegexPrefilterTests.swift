import CmocTestSupport
import Foundation
import Testing

@testable import CmocCoding

/// The regex prefilter: what it requires of a turn (table), and that it never turns away a turn
/// the regex matches (checked against ICU on generated text).
@Suite struct RegexPrefilterTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var pattern: String
        /// Requirements as `a|b` alternatives, all of which must hold; empty: no prefilter.
        var expected: [String]
        var testDescription: String { pattern }
    }

    static let rows: [Row] = [
        Row(
            pattern: #"\b(?:went|gone|improved|increased|moved) (?:up )?from \d{1,2} to \d{1,2}\b"#,
            expected: ["gone|improved|increased|moved|went", "from ", " to "]),
        Row(pattern: "Social Prescrib(?:er|ing)", expected: ["social prescrib", "er|ing"]),
        Row(pattern: "colou?r", expected: ["colo"]),
        Row(pattern: "ab+c", expected: ["ab"]),
        Row(pattern: "(?:cat|do)g", expected: ["cat|do"]),
        Row(pattern: "(?:cat|d)og", expected: ["og"]),
        Row(pattern: "x*yz?", expected: []),
        Row(pattern: #"\d+ weeks?"#, expected: [" week"]),
        Row(pattern: "[A-Z]{2}[0-9]{6}", expected: []),
        Row(pattern: #"GP\.s"#, expected: ["gp.s"]),
        Row(pattern: "(?:a|b)+(?:cd|ef){2}", expected: ["cd|ef"]),
        Row(pattern: "(?:alpha|)beta", expected: ["beta"]),
        // Outside the plain subset: always run.
        Row(pattern: "(?i)word", expected: []),
        Row(pattern: "(?=look)ahead", expected: []),
        Row(pattern: #"(\w+) \1"#, expected: []),
        Row(pattern: #"tab\there"#, expected: []),
        Row(pattern: "café", expected: []),
        Row(pattern: "a{,3}b", expected: []),
        Row(pattern: "unclosed(", expected: []),
    ]

    @Test(arguments: rows) func requirements(_ row: Row) {
        let found = RegexPrefilter(pattern: row.pattern).requirements.map { alternatives in
            alternatives.map { String(decoding: $0, as: UTF8.self) }.sorted().joined(separator: "|")
        }
        // Checked in any order (the prefilter orders them by selectivity).
        #expect(found.sorted() == row.expected.sorted())
    }

    @Test func theMostSelectiveRequirementComesFirst() {
        let filter = RegexPrefilter(pattern: #"\b(?:went|gone|improved) (?:up )?from \d{1,2} to \d{1,2}\b"#)
        #expect(filter.requirements.map { $0.map { String(decoding: $0, as: UTF8.self) } }.first == ["from "])
    }

    static func admits(_ filter: RegexPrefilter, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { filter.admits($0) }
    }

    @Test func turnsWithoutTheLiteralsAreSkippedAndCaseDoesNotMatter() {
        let filter = RegexPrefilter(pattern: #"\b(?:went|gone) (?:up )?from \d{1,2} to \d{1,2}\b"#)
        #expect(!Self.admits(filter, "Nothing about scores here."))
        #expect(!Self.admits(filter, "It went up, from what I hear."))
        #expect(Self.admits(filter, "Her score WENT UP FROM 34 TO 51."))
        // Characters that fold to ASCII letters: the regex decides.
        #expect(Self.admits(filter, "ﬁne, nothing else"))
        #expect(Self.admits(filter, "Straße"))
        #expect(Self.admits(filter, "\u{212A}elvin"))
    }

    /// Generated texts over the patterns' own words, in mixed case, with and without characters
    /// that fold to ASCII: whenever ICU finds a match, the prefilter let the text through.
    @Test func neverTurnsAwayAMatch() throws {
        let patterns = Self.rows.map(\.pattern) + ["ss", "fi(?:ne)?", "k+elvin", "strasse"]
        let pieces = [
            "went", "gone", "up", "from", "to", "12", "3", "weeks", "week", "social", "prescriber", "prescribing",
            "color", "colour", "abbbc", "ac", "catg", "dog", "og", "xyz", "GP.s", "cdef", "efcd", "beta", "alphabeta",
            "ﬁne", "Straße", "\u{212A}elvin", "ſs", "İ", " ", " ", ", ", ".",
        ]
        var sequence = TestSequence(seed: 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { sequence.next(n) }
        var checked = 0
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            let filter = RegexPrefilter(pattern: pattern)
            for _ in 0..<300 {
                var text = ""
                for _ in 0..<(1 + next(8)) {
                    var piece = pieces[next(pieces.count)]
                    if next(3) == 0 { piece = piece.uppercased() }
                    text += piece + (next(2) == 0 ? " " : "")
                }
                let matched = regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
                if matched {
                    checked += 1
                    #expect(Self.admits(filter, text), "\(pattern) matches \(text)")
                }
            }
        }
        #expect(checked > 200)
    }
}
