import CmocEvidence
import CmocModel
import Testing

/// The grading rules (GRADES.md), first on their inputs, then end to end on small constructed documents.
@Suite struct GradingTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var inputs: GradeInputs
        var grade: Grade
        var rule: String
        var testDescription: String { name }
    }

    static func inputs(_ s: Int, _ r: Int, f: Int = 0, p: Int = 0, groups: Int = 0, partialGroups: Int = 0)
        -> GradeInputs
    {
        GradeInputs(
            supporting: s, refuting: r, fullConfigurations: f, partialConfigurations: p, supportingGroups: groups,
            partialGroups: partialGroups)
    }

    static let rows: [Row] = [
        Row(name: "nothing", inputs: inputs(0, 0), grade: .none, rule: "G1"),
        Row(name: "refuting only", inputs: inputs(0, 1), grade: .contested, rule: "G2"),
        Row(name: "refuting equals supporting", inputs: inputs(3, 3, f: 1, groups: 3), grade: .contested, rule: "G2"),
        Row(name: "strong", inputs: inputs(4, 1, f: 1, groups: 2), grade: .strong, rule: "G3"),
        Row(name: "strong needs 2R < S (2R = S)", inputs: inputs(4, 2, f: 1, groups: 2), grade: .moderate, rule: "G4"),
        Row(name: "strong needs two groups", inputs: inputs(5, 0, f: 2, groups: 1), grade: .moderate, rule: "G4"),
        Row(
            name: "partial from two groups", inputs: inputs(2, 0, p: 1, groups: 2, partialGroups: 2), grade: .moderate,
            rule: "G5"),
        Row(
            name: "partial from one group", inputs: inputs(2, 0, p: 1, groups: 2, partialGroups: 1), grade: .weak,
            rule: "G6"),
        Row(name: "isolated evidence", inputs: inputs(3, 1, groups: 3), grade: .weak, rule: "G6"),
    ]

    @Test(arguments: rows) func rules(_ row: Row) {
        let decision = Grading.grade(row.inputs)
        #expect(decision.grade == row.grade)
        #expect(decision.rule == row.rule)
    }

    @Test func everyGradeHasARuleAndRuleIDsAreOrdered() {
        #expect(Grading.rules.map(\.id) == ["G1", "G2", "G3", "G4", "G5", "G6"])
        #expect(Set(Grading.rules.map(\.grade)) == Set(Grade.allCases))
    }

    // MARK: End to end, one site, the coherence CMOC only.

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var turns: [Fixtures.TurnSpec]
        var hits: [Fixtures.HitSpec]
        var grade: Grade
        var rule: String
        var dataType = "interview"
        var testDescription: String { name }
    }

    static let lw = "LW-A1"
    static let text = "We are clear about roles. We demarcate the work. Staff understand the role now."

    static func turn(_ speaker: String, _ role: String?) -> Fixtures.TurnSpec {
        Fixtures.TurnSpec(speaker: speaker, role: role, text: text)
    }

    static func hit(_ turn: Int, _ code: String, _ direction: Direction = .supports) -> Fixtures.HitSpec {
        let phrase: String
        switch code {
        case "ctx-clear-role-boundaries", "ctx-role-confusion": phrase = "clear about roles"
        case "mech-demarcation": phrase = "demarcate the work"
        default: phrase = "understand the role"
        }
        return Fixtures.HitSpec(turn: turn, code: code, phrase: phrase, direction: direction)
    }

    static let cases: [Case] = [
        Case(
            name: "strong: full configuration, two groups, little refutation",
            turns: [turn("LW-A1", "link_worker"), turn("GP-A1", "gp"), turn("GP-A1", "gp")],
            hits: [
                hit(0, "ctx-clear-role-boundaries"), hit(0, "mech-demarcation"), hit(1, "out-role-understood"),
                hit(2, "out-role-understood"),
            ],
            grade: .strong, rule: "G3"),
        Case(
            name: "moderate: full configuration from one group",
            turns: [turn("LW-A1", "link_worker"), turn("LW-A1", "link_worker")],
            hits: [hit(0, "ctx-clear-role-boundaries"), hit(0, "mech-demarcation"), hit(1, "out-role-understood")],
            grade: .moderate, rule: "G4"),
        Case(
            name: "moderate: partial configuration across two groups",
            turns: [turn("LW-A1", "link_worker"), turn("GP-A1", "gp")],
            hits: [hit(0, "ctx-clear-role-boundaries"), hit(1, "mech-demarcation")],
            grade: .moderate, rule: "G5"),
        Case(
            name: "weak: isolated context evidence",
            turns: [turn("LW-A1", "link_worker"), turn("GP-A1", "gp"), turn("GP-A1", "gp"), turn("GP-A1", "gp")],
            hits: [hit(0, "ctx-clear-role-boundaries"), hit(3, "out-role-understood")],
            grade: .weak, rule: "G6"),
        Case(
            name: "contested: a negated mechanism against one supporting turn",
            turns: [turn("LW-A1", "link_worker"), turn("GP-A1", "gp")],
            hits: [hit(0, "ctx-clear-role-boundaries"), hit(1, "mech-demarcation", .negated)],
            grade: .contested, rule: "G2"),
        Case(
            name: "contested: counter-evidence code",
            turns: [turn("LW-A1", "link_worker"), turn("GP-A1", "gp")],
            hits: [hit(0, "out-role-understood"), hit(1, "ctx-role-confusion")],
            grade: .contested, rule: "G2"),
        Case(
            name: "none: tentative hits only",
            turns: [turn("LW-A1", "link_worker")],
            hits: [hit(0, "ctx-clear-role-boundaries", .tentative)],
            grade: .none, rule: "G1"),
        Case(
            name: "none: the interviewer's words are not evidence",
            turns: [turn("Interviewer", "interviewer")],
            hits: [hit(0, "ctx-clear-role-boundaries"), hit(0, "mech-demarcation"), hit(0, "out-role-understood")],
            grade: .none, rule: "G1"),
        Case(
            name: "none: a researcher interviewing is not evidence",
            turns: [turn("RES-1", "researcher")],
            hits: [hit(0, "ctx-clear-role-boundaries"), hit(0, "mech-demarcation"), hit(0, "out-role-understood")],
            grade: .none, rule: "G1"),
        Case(
            name: "moderate, not strong: a researcher's observation notes count, but not as a group",
            turns: [turn("RES-1", "researcher"), turn("LW-A1", "link_worker")],
            hits: [
                hit(0, "ctx-clear-role-boundaries"), hit(0, "mech-demarcation"), hit(0, "out-role-understood"),
                hit(1, "out-role-understood"),
            ],
            grade: .moderate, rule: "G4", dataType: "observation"),
        Case(
            name: "moderate, not strong: unregistered speakers are not a stakeholder group",
            turns: [turn("LW-A1", "link_worker"), turn("[PERSON-1]", nil)],
            hits: [
                hit(0, "ctx-clear-role-boundaries"), hit(0, "mech-demarcation"), hit(0, "out-role-understood"),
                hit(1, "out-role-understood"),
            ],
            grade: .moderate, rule: "G4"),
    ]

    @Test(arguments: cases) func constructedCase(_ row: Case) throws {
        let coherence = try #require(try Fixtures.cmocs().first { $0.id == "cmoc-coherence" })
        var builder = EvidenceBuilder(cmocs: [coherence], codes: Fixtures.codes, sites: Fixtures.sites)
        builder.add(Fixtures.document("X1", site: "S01", dataType: row.dataType, turns: row.turns, hits: row.hits))
        let cell = try #require(builder.finish().sites.first?.rows.first)
        #expect(cell.grade == row.grade)
        #expect(cell.gradeRule == row.rule)
    }
}
