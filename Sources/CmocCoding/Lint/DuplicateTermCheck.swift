import CmocModel
import CmocText

/// `duplicate-term`: the same term (after folding) used by two different codes, so every
/// occurrence codes both; usually one of them should be narrower.
struct DuplicateTermCheck: LintCheck {
    let id = "duplicate-term"
    let summary = "a term appears in more than one code"

    func findings(in codebook: Codebook) -> [LintFinding] {
        var firstUse: [String: (code: String, location: SourceLocation)] = [:]
        var result: [LintFinding] = []
        for code in codebook.codes {
            var seenInCode = Set<String>()
            for rule in code.rules {
                for term in LintSupport.terms(in: rule.node) {
                    guard let key = LintSupport.pattern(term)?.display, seenInCode.insert(key).inserted else { continue }
                    if let first = firstUse[key], first.code != code.id {
                        result.append(
                            LintFinding(
                                check: id, severity: .warning, location: term.location,
                                message: "term '\(key)' of '\(code.id)' is also used by '\(first.code)' at \(first.location)",
                                hint: "both codes will hit on every occurrence; make one of them more specific"))
                    } else if firstUse[key] == nil {
                        firstUse[key] = (code.id, term.location)
                    }
                }
            }
        }
        return result
    }
}
