/// Words of a UTF-8 text as byte ranges, using ``ByteFold``'s idea of a word character
/// (letters, digits, non-Latin characters; apostrophes and hyphens separate words).
public enum WordTokenizer {
    /// Byte ranges of the words in `bytes[range]`.
    public static func words(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) -> [Range<Int>] {
        let r = range ?? 0..<bytes.count
        var result: [Range<Int>] = []
        var k = r.lowerBound
        var wordStart = -1
        while k < r.upperBound {
            let (u, len) = ByteFold.unit(at: k, in: bytes)
            if u == ByteFold.separator {
                if wordStart >= 0 { result.append(wordStart..<k) }
                wordStart = -1
            } else if u != ByteFold.ignorable, wordStart < 0 {
                wordStart = k
            }
            k += len
        }
        if wordStart >= 0 { result.append(wordStart..<min(k, r.upperBound)) }
        return result
    }

    /// Words of a string as byte ranges of its UTF-8 form.
    public static func words(in text: String) -> [Range<Int>] {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { words(in: UnsafeBufferPointer($0)) }
    }

    /// How many words start inside `bytes[range]`.
    public static func countWords(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int {
        var count = 0
        var inWord = false
        var k = range.lowerBound
        while k < range.upperBound {
            let (u, len) = ByteFold.unit(at: k, in: bytes)
            if u == ByteFold.separator {
                inWord = false
            } else if u != ByteFold.ignorable, !inWord {
                inWord = true
                count += 1
            }
            k += len
        }
        return count
    }
}
