/// Whose words count as evidence, and which roles are stakeholder groups.
///
/// An interviewer's or researcher's question in an interview is not a participant's account, so
/// turns of `excludedRoles` are not evidence, except in observation data types, where the
/// researcher's notes *are* the data. Excluded roles and speakers with no registered role
/// (`unknownRole`) never count as stakeholder groups for grading or gaps.
struct EvidencePolicy: Sendable, Hashable {
    var excludedRoles: Set<String>
    var observationDataTypes: Set<String>
    var unknownRole: String

    /// True when a hit in a turn of `role` in a document of `dataType` is evidence.
    func countsAsEvidence(role: String, dataType: String) -> Bool {
        !excludedRoles.contains(role) || observationDataTypes.contains(dataType)
    }

    /// True when `role` is a stakeholder group (triangulation, grading, gaps).
    func isStakeholderGroup(_ role: String) -> Bool {
        role != unknownRole && !excludedRoles.contains(role)
    }
}
