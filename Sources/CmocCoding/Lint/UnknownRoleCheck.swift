import CmocModel
import CmocText

/// `unknown-role`: a `speakers:` role the study's participant registry does not use
/// (`link-worker` for `link_worker`); such a rule silently never reads any turn.
struct UnknownRoleCheck: LintCheck {
    let id = "unknown-role"
    let summary = "speaker roles that are not registry roles"

    static let knownRoles = [
        "link_worker", "gp", "practice_manager", "receptionist", "nurse", "patient", "interviewer", "researcher",
        "pharmacist", "care_coordinator", "health_coach", "social_prescriber", "clinical_lead", "admin", "carer",
        "commissioner", "volunteer", "other",
    ]

    func findings(in codebook: Codebook) -> [LintFinding] {
        var result: [LintFinding] = []
        for code in codebook.codes {
            for rule in code.rules {
                for role in rule.speakers ?? [] where !Self.knownRoles.contains(role.lowercased()) {
                    let suggestion = Suggestion.closest(to: role, in: Self.knownRoles)
                    result.append(
                        LintFinding(
                            check: id, severity: .warning, location: rule.location,
                            message: "rule \(rule.id(in: code.id)) names speaker role '\(role)', which is not a registry role",
                            hint: suggestion.map { "did you mean '\($0)'?" } ?? "roles: \(Self.knownRoles.joined(separator: ", "))"))
                }
            }
        }
        return result
    }
}
