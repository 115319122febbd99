import CmocModel
import CmocText

/// `unreachable-code`: a code nothing can ever apply. A leaf code with no rules is a warning
/// (it may be work in progress); a code whose rules all can never fire (empty site filter,
/// empty speaker list, `within_code`/`code:` of an unreachable code, `x` together with
/// `not: x`) is an error.
struct UnreachableCodeCheck: LintCheck {
    let id = "unreachable-code"
    let summary = "codes no rule can reach"

    func findings(in codebook: Codebook) -> [LintFinding] {
        let parents = LintSupport.parents(codebook)
        // Fixed point: reachable codes.
        var reachable = Set<String>()
        var changed = true
        while changed {
            changed = false
            for code in codebook.codes where !reachable.contains(code.id) {
                if code.rules.contains(where: { Self.canFire($0, reachable) }) {
                    reachable.insert(code.id)
                    changed = true
                }
            }
        }
        var result: [LintFinding] = []
        for code in codebook.codes where !reachable.contains(code.id) {
            if code.rules.isEmpty {
                guard !parents.contains(code.id) else { continue }
                result.append(
                    LintFinding(
                        check: id, severity: .warning, location: code.location,
                        message: "code '\(code.id)' has no rules and no sub-codes, so nothing can reach it",
                        hint: "add a rule, or make it the parent of other codes"))
            } else {
                result.append(
                    LintFinding(
                        check: id, severity: .error, location: code.location,
                        message: "no rule of code '\(code.id)' can ever fire",
                        hint: "check empty 'site:'/'speakers:' lists, contradictions like 'x' with 'not: x', and the codes it depends on"))
            }
        }
        return result
    }

    static func canFire(_ rule: RuleDefinition, _ reachable: Set<String>) -> Bool {
        if rule.site.values.contains(where: \.isEmpty) { return false }
        if let speakers = rule.speakers, speakers.isEmpty { return false }
        if let within = rule.withinCode, !reachable.contains(within) { return false }
        return canFire(rule.node, reachable)
    }

    static func canFire(_ node: RuleNode, _ reachable: Set<String>) -> Bool {
        switch node {
        case .terms, .regex, .near: return true
        case .code(let id, _): return reachable.contains(id)
        case .any(let children): return children.contains { canFire($0, reachable) }
        case .all(let children), .sameSentence(let children):
            guard children.allSatisfy({ canFire($0, reachable) }) else { return false }
            // `x` and `not: x` together never hold.
            let positives = Set(children.compactMap { child -> [String]? in
                if case .terms(let t) = child { return t.map(\.text).sorted() }
                return nil
            })
            let negatives = Set(children.compactMap { child -> [String]? in
                if case .not(.terms(let t)) = child { return t.map(\.text).sorted() }
                return nil
            })
            return positives.isDisjoint(with: negatives)
        case .not: return true
        }
    }
}
