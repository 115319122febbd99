import CmocModel
import CmocText

/// `shadowed-rule`: a plain keyword rule (no filters) whose every term is already matched by
/// another plain rule of the same code, or a term covered by a wildcard in the same code:
/// it can never add a hit.
struct ShadowedRuleCheck: LintCheck {
    let id = "shadowed-rule"
    let summary = "a rule or term adds nothing because another one already matches it"

    func findings(in codebook: Codebook) -> [LintFinding] {
        var result: [LintFinding] = []
        for code in codebook.codes {
            let plain = code.rules.filter(Self.isPlain)
            for rule in plain {
                guard case .terms(let terms) = rule.node else { continue }
                let patterns = terms.compactMap(LintSupport.pattern)
                let others = plain.filter { $0.index != rule.index }
                // The whole rule is shadowed by another single plain rule.
                if let other = others.first(where: { other in
                    guard case .terms(let otherTerms) = other.node else { return false }
                    let general = otherTerms.compactMap(LintSupport.pattern)
                    let covered = patterns.allSatisfy { p in general.contains { LintSupport.covers($0, p) } }
                    // Of two identical rules, only the later one is reported.
                    let mutual = patterns.count == general.count && Set(patterns) == Set(general)
                    return covered && (!mutual || other.index < rule.index)
                }) {
                    result.append(
                        LintFinding(
                            check: id, severity: .warning, location: rule.location,
                            message: "rule \(rule.id(in: code.id)) is shadowed by rule \(other.id(in: code.id)): every term it has is already matched",
                            hint: "remove it, or give it a filter (speakers, site, scope) that makes it different"))
                    continue
                }
                // Single terms covered by a wildcard elsewhere in the code's plain rules.
                let allPlain = plain.flatMap { r -> [TermPattern] in
                    guard case .terms(let t) = r.node else { return [] }
                    return t.compactMap(LintSupport.pattern)
                }
                for (term, pattern) in zip(terms, patterns) {
                    if let general = allPlain.first(where: { $0 != pattern && $0.isPrefix && LintSupport.covers($0, pattern) }) {
                        result.append(
                            LintFinding(
                                check: id, severity: .warning, location: term.location,
                                message: "term '\(term.text)' in '\(code.id)' is already matched by '\(general.display)'",
                                hint: "remove the narrower term"))
                    }
                }
            }
        }
        return result
    }

    static func isPlain(_ rule: RuleDefinition) -> Bool {
        guard case .terms = rule.node else { return false }
        return rule.speakers == nil && rule.site.isEmpty && rule.withinCode == nil
    }
}
