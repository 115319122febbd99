import CmocModel
import CmocText

/// `missing-examples`: every code with rules needs at least three `match` and two `no_match`
/// examples (placeholders written by `rules import` do not count).
struct MissingExamplesCheck: LintCheck {
    let id = "missing-examples"
    let summary = "codes with rules need 3 match and 2 no_match examples"

    func findings(in codebook: Codebook) -> [LintFinding] {
        codebook.codes.compactMap { code in
            guard !code.rules.isEmpty else { return nil }
            let real = code.examples.filter { !$0.isPlaceholder }
            let matches = real.filter(\.shouldMatch).count
            let noMatches = real.count - matches
            guard matches < 3 || noMatches < 2 else { return nil }
            let placeholders = code.examples.contains(where: \.isPlaceholder) ? " (placeholders only count as missing)" : ""
            return LintFinding(
                check: id, severity: .warning, location: code.location,
                message: "code '\(code.id)' has \(matches) match and \(noMatches) no_match examples\(placeholders)",
                hint: "write at least 3 sentences it should match (one negated) and 2 it should not")
        }
    }
}
