import CmocModel
import CmocTestSupport
import Testing

@testable import CmocEvidence

/// The sentence bounds an excerpt is cut to, found by looking only at sentence marks and line
/// breaks (`Excerpt.sentenceStart`/`sentenceEnd`), are those found by testing every position.
@Suite struct SentenceBoundsTests {
    /// Rows: text, position, the sentence start and end around it.
    @Test(arguments: [
        ("First. Second has the hit here. Third.", 22, 7, 31),
        ("one\ntwo three", 6, 4, 13),
        ("Wait!Then. Go", 7, 0, 10),
        ("Is it? Yes.\n", 8, 7, 11),
        ("end.", 4, 0, 4),
        ("", 0, 0, 0),
        ("A. B", 3, 3, 4),
        ("x.\ty", 3, 3, 4),
    ] as [(String, Int, Int, Int)])
    func boundsAroundAPosition(text: String, index: Int, start: Int, end: Int) {
        Array(text.utf8).withUnsafeBufferPointer { text in
            #expect(Excerpt.sentenceStart(text, before: index) == start)
            #expect(Excerpt.sentenceEnd(text, after: index) == end)
        }
    }

    /// Every position of generated texts: the bound found by `sentenceStart`/`sentenceEnd` is the
    /// one the position-by-position loops (`isSentenceStart`/`isSentenceEnd`) find.
    @Test func sentenceBoundsMatchThePlainLoops() {
        let pieces = ["we", " ", "  ", "\t", "\n", ".", ". ", "!", "! ", "?\n", "é", "x.y", "\r\n", "practitioners", "the link worker"]
        var sequence = TestSequence(seed: 11)
        func next(_ bound: Int) -> Int { sequence.next(bound) }
        var differing = 0
        var inside = 0
        for _ in 0..<300 {
            let text = Array((0..<next(120)).map { _ in pieces[next(pieces.count)] }.joined().utf8)
            text.withUnsafeBufferPointer { text in
                for index in 0...text.count {
                    var start = index
                    while start > 0, !Excerpt.isSentenceStart(text, start) { start -= 1 }
                    var end = index
                    while end < text.count, !Excerpt.isSentenceEnd(text, end) { end += 1 }
                    if Excerpt.sentenceStart(text, before: index) != start || Excerpt.sentenceEnd(text, after: index) != end {
                        differing += 1
                    }
                    if start > 0 && end < text.count { inside += 1 }
                }
            }
        }
        #expect(differing == 0)
        #expect(inside > 500)
    }
}
