/// How well the data at hand support a CMOC, from the written rules in GRADES.md.
public enum Grade: String, Sendable, Codable, Hashable, CaseIterable {
    case strong, moderate, weak, contested, none
}

/// The counts a grade is decided from (one CMOC at one site, or over all sites).
public struct GradeInputs: Sendable, Hashable {
    /// S: turns with a supporting C, M or O hit.
    public var supporting: Int
    /// R: turns with a refuting hit.
    public var refuting: Int
    /// F: full configurations.
    public var fullConfigurations: Int
    /// P: partial configurations.
    public var partialConfigurations: Int
    /// Stakeholder groups (known roles) among the supporting turns.
    public var supportingGroups: Int
    /// Stakeholder groups among the turns that carry partial configurations.
    public var partialGroups: Int

    public init(
        supporting: Int, refuting: Int, fullConfigurations: Int, partialConfigurations: Int,
        supportingGroups: Int, partialGroups: Int
    ) {
        self.supporting = supporting
        self.refuting = refuting
        self.fullConfigurations = fullConfigurations
        self.partialConfigurations = partialConfigurations
        self.supportingGroups = supportingGroups
        self.partialGroups = partialGroups
    }
}

/// The grading rules, tried in order; the first that matches decides. Keep in step with GRADES.md.
public enum Grading {
    public struct Rule: Sendable {
        public var id: String
        public var grade: Grade
        /// The rule in words, as GRADES.md states it.
        public var text: String
        /// The rule in symbols (S, R, F, P, groups).
        public var formula: String
        let matches: @Sendable (GradeInputs) -> Bool
    }

    public static let rules: [Rule] = [
        Rule(
            id: "G1", grade: .none, text: "no supporting and no refuting segment",
            formula: "S = 0 and R = 0"
        ) { $0.supporting == 0 && $0.refuting == 0 },
        Rule(
            id: "G2", grade: .contested, text: "refuting segments at least as many as supporting ones",
            formula: "R ≥ S"
        ) { $0.refuting >= $0.supporting },
        Rule(
            id: "G3", grade: .strong,
            text: "a full configuration, supporting segments from two or more stakeholder groups, "
                + "and refuting segments fewer than half the supporting ones",
            formula: "F ≥ 1 and groups ≥ 2 and 2R < S"
        ) { $0.fullConfigurations >= 1 && $0.supportingGroups >= 2 && 2 * $0.refuting < $0.supporting },
        Rule(
            id: "G4", grade: .moderate,
            text: "a full configuration, but support from one stakeholder group only or refuting segments "
                + "at least half the supporting ones",
            formula: "F ≥ 1"
        ) { $0.fullConfigurations >= 1 },
        Rule(
            id: "G5", grade: .moderate,
            text: "partial configurations whose turns come from two or more stakeholder groups",
            formula: "P ≥ 1 and partial groups ≥ 2"
        ) { $0.partialConfigurations >= 1 && $0.partialGroups >= 2 },
        Rule(
            id: "G6", grade: .weak,
            text: "anything else: isolated C, M or O segments, or partial configurations from one group",
            formula: "otherwise"
        ) { _ in true },
    ]

    /// The grade and the id of the rule that decided it.
    public static func grade(_ inputs: GradeInputs) -> (grade: Grade, rule: String) {
        for rule in rules where rule.matches(inputs) {
            return (rule.grade, rule.id)
        }
        return (.weak, "G6")
    }
}
