import CmocTestSupport
import Testing
@testable import CmocCoding

/// The prefilter's word-at-a-time searches against their byte-by-byte definitions: rows for the
/// anchor choice and block edges, then generated text.
@Suite struct PrefilterSearchTests {
    /// The definition of `contains`: the needle at some place, comparing ASCII-lower-cased text bytes.
    static func referenceContains(_ text: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard text.count >= needle.count else { return false }
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        return (0...(text.count - needle.count)).contains { s in needle.indices.allSatisfy { lower(text[s + $0]) == needle[$0] } }
    }

    /// The definition of `mayFoldToASCII`: one of the listed sequences starts somewhere.
    static func referenceMayFold(_ t: [UInt8]) -> Bool {
        let sequences: [[UInt8]] = [
            [0xC3, 0x9F], [0xC4, 0xB0], [0xC4, 0xB1], [0xC5, 0x89], [0xC5, 0xBF], [0xC7, 0xB0], [0xE1, 0xBA, 0x96],
            [0xE1, 0xBA, 0x97], [0xE1, 0xBA, 0x98], [0xE1, 0xBA, 0x99], [0xE1, 0xBA, 0x9A], [0xE1, 0xBA, 0x9E],
            [0xE2, 0x84, 0xAA], [0xEF, 0xAC, 0x80], [0xEF, 0xAC, 0x81], [0xEF, 0xAC, 0x82], [0xEF, 0xAC, 0x83],
            [0xEF, 0xAC, 0x84], [0xEF, 0xAC, 0x85], [0xEF, 0xAC, 0x86],
        ]
        return t.indices.contains { i in sequences.contains { s in i + s.count <= t.count && Array(t[i..<i + s.count]) == s } }
    }

    static func contains(_ text: String, _ needle: String, anchor: Int? = nil) -> Bool {
        let needle = Array(needle.utf8)
        return Array(text.utf8).withUnsafeBufferPointer {
            RegexPrefilter.contains($0, needle, anchor: anchor ?? RegexPrefilter.anchor(of: needle))
        }
    }

    @Test(arguments: [("from ", 0), (" to ", 2), ("went", 0), ("12", 0), ("a b", 2), ("zzz", 0), ("a-", 1)])
    func anchorIsTheRarestByte(_ needle: String, _ expected: Int) {
        #expect(RegexPrefilter.anchor(of: Array(needle.utf8)) == expected)
    }

    @Test(arguments: [
        ("it went up from 34 to 51", "from ", true),
        ("FROM the start", "from ", true),
        ("it went up fro", "from ", false),
        ("1234567from ", "from ", true),  // the anchor at the first block's last byte
        ("12345678from ", "from ", true),  // the match starts the second block
        ("abcdefghijklmnofrom", "from ", false),  // would run past the end
        ("frOm", "from", true),
        ("fro", "from", false),
        ("", "x", false),
        ("anything", "", true),
    ])
    func containsRows(_ text: String, _ needle: String, _ expected: Bool) {
        for anchor in 0..<max(1, needle.utf8.count) where needle.isEmpty || anchor < needle.utf8.count {
            #expect(Self.contains(text, needle, anchor: needle.isEmpty ? 0 : anchor) == expected, "anchor \(anchor)")
        }
        #expect(Self.referenceContains(Array(text.utf8), Array(needle.utf8)) == expected)
    }

    @Test func searchesAgreeWithTheByteLoopsOnGeneratedText() {
        let pieces: [[UInt8]] = [
            Array("from".utf8), Array("FROM".utf8), Array("to".utf8), Array("went".utf8), Array("up".utf8), [0x20], [0x20],
            Array("12".utf8), Array("fr".utf8), [0xC3, 0x9F], [0xC3, 0xA9], [0xE2, 0x84, 0xAA], [0xEF, 0xAC, 0x81], [0xE1, 0xBA],
            [0xC4], [0x46], [0x66, 0x66],
        ]
        let needles = ["from ", " to ", "went", "gone", "12", "f", "up from", "ss"].map { Array($0.utf8) }
        var sequence = TestSequence(seed: 0xC0FFEE)
        func next(_ n: Int) -> Int { sequence.next(n) }
        var disagreements: [String] = []
        var found = 0
        for _ in 0..<5_000 {
            var text: [UInt8] = []
            for _ in 0..<next(14) { text += pieces[next(pieces.count)] }
            let fold = text.withUnsafeBufferPointer { RegexPrefilter.mayFoldToASCII($0) }
            if fold != Self.referenceMayFold(text) { disagreements.append("fold \(text)") }
            for needle in needles {
                let expected = Self.referenceContains(text, needle)
                if expected { found += 1 }
                for anchor in needle.indices {
                    let fast = text.withUnsafeBufferPointer { RegexPrefilter.contains($0, needle, anchor: anchor) }
                    if fast != expected { disagreements.append("\(needle) at \(anchor) in \(text)") }
                }
            }
        }
        let first = disagreements.first ?? "none"
        #expect(disagreements.count == 0, "first: \(first)")
        #expect(found > 2_000)
    }
}
