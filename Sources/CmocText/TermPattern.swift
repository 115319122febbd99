/// A literal term of a coding rule, folded for matching: a word or phrase, whole words,
/// case- and diacritic-insensitive, optionally ending in a `*` suffix wildcard.
///
/// Inside a phrase any run of whitespace or punctuation matches any other run, so
/// `self referral` finds `self-referral` and `clear about what I do` finds
/// `clear about, what I do`.
public struct TermPattern: Sendable, Hashable {
    /// Folded units (``ByteFold``), words separated by a single ``ByteFold/separator``.
    public var units: [UInt8]
    /// `true` when the term ends in `*`: its last word is a stem matching any word it begins.
    public var isPrefix: Bool

    public init(units: [UInt8], isPrefix: Bool) {
        self.units = units
        self.isPrefix = isPrefix
    }

    /// Why a term cannot be used.
    public enum Problem: Error, Sendable, Hashable {
        /// Nothing left after removing spaces and punctuation.
        case empty
        /// `*` somewhere other than the very end, or after a space (`refer *`).
        case misplacedWildcard
    }

    /// Parses a term as a researcher writes it (`referral*`, `social prescrib*`, `not my job`).
    public static func parse(_ text: String) -> Result<TermPattern, Problem> {
        var body = Substring(text)
        while let last = body.last, last == " " || last == "\t" { body = body.dropLast() }
        var isPrefix = false
        if body.hasSuffix("*") {
            isPrefix = true
            body = body.dropLast()
        }
        if body.contains("*") { return .failure(.misplacedWildcard) }
        if isPrefix, let last = body.last, !(last.isLetter || last.isNumber) { return .failure(.misplacedWildcard) }
        var units = ByteFold.fold(String(body))
        while units.first == ByteFold.separator { units.removeFirst() }
        while units.last == ByteFold.separator { units.removeLast() }
        if units.isEmpty { return .failure(.empty) }
        return .success(TermPattern(units: units, isPrefix: isPrefix))
    }

    /// The folded form as text (`social prescrib*`), for messages and duplicate checks.
    public var display: String {
        String(decoding: units, as: UTF8.self) + (isPrefix ? "*" : "")
    }

    /// The folded words of the term (the stem last, for a wildcard term).
    public var words: [String] {
        units.split(separator: ByteFold.separator).map { String(decoding: $0, as: UTF8.self) }
    }
}
