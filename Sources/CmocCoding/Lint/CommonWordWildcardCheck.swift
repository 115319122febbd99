import CmocModel
import CmocText

/// `common-word-wildcard`: a `*` term whose stem also begins very common English words that
/// are not simple inflections of it (`car*` catches `care`, `us*` catches `use`), or a stem
/// so short it catches almost anything.
struct CommonWordWildcardCheck: LintCheck {
    let id = "common-word-wildcard"
    let summary = "wildcard stems that catch very common words"

    static let inflections = ["", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "ment", "ments", "al"]

    func findings(in codebook: Codebook) -> [LintFinding] {
        var result: [LintFinding] = []
        for code in codebook.codes {
            for rule in code.rules {
                for term in LintSupport.terms(in: rule.node) {
                    guard let pattern = LintSupport.pattern(term), pattern.isPrefix, let stem = pattern.words.last else {
                        continue
                    }
                    if stem.count < 3 {
                        result.append(
                            LintFinding(
                                check: id, severity: .warning, location: term.location,
                                message: "wildcard '\(term.text)' has a stem of \(stem.count) letter(s) and matches too much",
                                hint: "write a longer stem or list the words"))
                        continue
                    }
                    let caught = CommonWords.list.filter { word in
                        word.hasPrefix(stem) && !Self.inflections.contains { stem + $0 == word }
                    }
                    if !caught.isEmpty {
                        result.append(
                            LintFinding(
                                check: id, severity: .warning, location: term.location,
                                message: "wildcard '\(term.text)' also matches common words: \(caught.prefix(5).joined(separator: ", "))",
                                hint: "lengthen the stem, list the intended words, or add a no_match example"))
                    }
                }
            }
        }
        return result
    }
}
