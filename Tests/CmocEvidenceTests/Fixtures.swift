import CmocEvidence
import CmocModel
import CmocReports
import Foundation

/// Small constructed corpora for the evidence and report tests: turns and hits are written as text
/// and phrases, and spans are computed from the phrases, so fixtures read like transcripts.
enum Fixtures {
    struct TurnSpec {
        var speaker: String?
        var role: String?
        var text: String
        var start: Double? = nil
    }

    struct HitSpec {
        var turn: Int
        var code: String
        var phrase: String
        var direction: Direction = .supports
        var rule: String? = nil
    }

    /// A coded document; each hit's span is the first occurrence of its phrase in the turn (UTF-8 offsets).
    static func document(
        _ id: String, site: String, dataType: String = "interview", format: String = "plaintext",
        turns: [TurnSpec], hits: [HitSpec]
    ) -> CodedDocument {
        var offset = 0
        var text = ""
        var built: [Turn] = []
        for (index, spec) in turns.enumerated() {
            let line = "\(spec.speaker ?? "?"): "
            let start = offset + line.utf8.count
            built.append(
                Turn(
                    documentID: id, site: site, speaker: spec.speaker, role: spec.role, index: index, text: spec.text,
                    span: ByteSpan(start, start + spec.text.utf8.count), start: spec.start,
                    end: spec.start.map { $0 + 4 }))
            text += line + spec.text + "\n"
            offset = text.utf8.count
        }
        let codedHits = hits.map { hit -> CodeHit in
            let turnText = turns[hit.turn].text
            let span: ByteSpan
            if let range = turnText.range(of: hit.phrase) {
                let lower = turnText.utf8.distance(from: turnText.startIndex, to: range.lowerBound)
                span = ByteSpan(lower, lower + hit.phrase.utf8.count)
            } else {
                span = ByteSpan(0, 0)
            }
            return CodeHit(
                documentID: id, turnIndex: hit.turn, codeID: hit.code, ruleID: hit.rule ?? "\(hit.code)#1", span: span,
                direction: hit.direction)
        }
        return CodedDocument(
            document: SegmentedDocument(
                id: id, site: site, dataType: dataType, format: format, text: text, turns: built),
            hits: codedHits)
    }

    static let codes: [CodeInfo] = [
        CodeInfo(id: "ctx-clear-role-boundaries", label: "Clear role boundaries", kind: .context, parent: "coherence"),
        CodeInfo(id: "mech-demarcation", label: "Demarcation of contribution", kind: .mechanism, parent: "coherence"),
        CodeInfo(id: "out-role-understood", label: "Role understood", kind: .outcome),
        CodeInfo(id: "ctx-social-model-of-health", label: "Social model of health", kind: .context),
        CodeInfo(
            id: "mech-appreciate-sp-contribution", label: "Appreciate social prescribing", kind: .mechanism,
            parent: "cognitive_participation"),
        CodeInfo(id: "out-referral", label: "Referral", kind: .outcome),
        CodeInfo(id: "ctx-staff-understand-lw", label: "Staff understand link workers", kind: .context),
        CodeInfo(id: "mech-value-lw", label: "Value link workers", kind: .mechanism, parent: "collective_action"),
        CodeInfo(id: "ctx-feedback-system", label: "Feedback system", kind: .context),
        CodeInfo(id: "mech-work-valued", label: "Work valued", kind: .mechanism, parent: "reflexive_monitoring"),
        CodeInfo(id: "out-show-difference", label: "Show a difference", kind: .outcome),
        CodeInfo(id: "ctx-role-confusion", label: "Role confusion", kind: .context),
        CodeInfo(id: "oth-workload", label: "Workload", kind: .other),
    ]

    static let cmocYAML = """
        cmocs:
          - id: cmoc-coherence
            title: Coherence building
            statement: "When link workers have clear boundaries around what they do (C), it demarcates their contribution (M), so others understand the role (O)."
            npt_construct: coherence
            context: [ctx-clear-role-boundaries]
            mechanism:
              resource: []
              reasoning: [mech-demarcation]
            outcome: [out-role-understood]
            counter_evidence: [ctx-role-confusion]
            window: 2
          - id: cmoc-cognitive-participation
            title: Cognitive participation
            statement: "When staff accept that health is shaped by social factors (C), they appreciate social prescribing (M) and refer (O)."
            npt_construct: cognitive_participation
            context: [ctx-social-model-of-health]
            mechanism: [mech-appreciate-sp-contribution]
            outcome: [out-referral]
          - id: cmoc-collective-action
            title: Collective action
            statement: "When staff understand what link workers contribute (C), they value them (M) and refer more (O)."
            npt_construct: collective_action
            context: [ctx-staff-understand-lw]
            mechanism: [mech-value-lw]
            outcome: [out-referral]
          - id: cmoc-reflexive-monitoring
            title: Reflexive monitoring
            statement: "With time and a system for feedback (C), link workers and referrers feel the work is valuable (M) and can show a difference (O)."
            npt_construct: reflexive_monitoring
            context: [ctx-feedback-system]
            mechanism: [mech-work-valued]
            outcome: [out-show-difference]
            window: 1

        """

    static func cmocs() throws -> [CMOCDefinition] {
        try CMOCDefinitions.parse(yaml: cmocYAML, file: "cmocs.yml", knownCodes: codes)
    }

    /// A site name that must never appear in any output.
    static let secretSiteName = "Riverside Surgery Ashbourne"

    static let sites: [Site] = [
        Site(id: "S01", name: secretSiteName, attributes: ["integration_level": "full", "region": "north"]),
        Site(
            id: "S02", name: "Hilltop Medical Centre", attributes: ["integration_level": "partial", "region": "south"]),
        Site(id: "S03", name: "Unvisited Practice", attributes: ["integration_level": "full"]),
    ]

    /// The golden corpus: two sites, three documents, every direction, an excluded interviewer, an
    /// unregistered speaker, a long turn, and text that needs escaping in CSV, Markdown and HTML.
    static let corpus: [CodedDocument] = [
        document(
            "D001", site: "S01", dataType: "interview", format: "webvtt",
            turns: [
                TurnSpec(
                    speaker: "Interviewer", role: "interviewer", text: "Are you clear about what you do?", start: 0),
                TurnSpec(
                    speaker: "LW-A1", role: "link_worker",
                    text:
                        "I'm very clear about what I do and who I see. I only take non-medical referrals, so the GPs know the difference between my work and the nurses' work.",
                    start: 5.5),
                TurnSpec(speaker: "Interviewer", role: "interviewer", text: "And do the staff get it?", start: 20),
                TurnSpec(
                    speaker: "LW-A1", role: "link_worker",
                    text: "Yes, reception \"get it\" now, they understand my role & book people in.", start: 25),
                TurnSpec(
                    speaker: "GP-A1", role: "gp",
                    text:
                        "Loneliness, debt, housing <all of it> shapes health. I value what the link worker adds, so I refer | a lot.",
                    start: 61.2),
                TurnSpec(speaker: "GP-A1", role: "gp", text: "We don't have a system for feedback yet.", start: 3725),
            ],
            hits: [
                HitSpec(turn: 0, code: "ctx-clear-role-boundaries", phrase: "clear about what you do"),
                HitSpec(turn: 1, code: "ctx-clear-role-boundaries", phrase: "clear about what I do"),
                HitSpec(turn: 1, code: "mech-demarcation", phrase: "know the difference"),
                HitSpec(turn: 3, code: "out-role-understood", phrase: "understand my role"),
                HitSpec(turn: 4, code: "ctx-social-model-of-health", phrase: "shapes health"),
                HitSpec(turn: 4, code: "mech-appreciate-sp-contribution", phrase: "value what the link worker adds"),
                HitSpec(turn: 4, code: "out-referral", phrase: "I refer", rule: "out-referral#2"),
                HitSpec(turn: 5, code: "ctx-feedback-system", phrase: "system for feedback", direction: .negated),
            ]),
        document(
            "D002", site: "S01", dataType: "observation",
            turns: [
                TurnSpec(
                    speaker: "RES-1", role: "researcher",
                    text: "Observed the practice meeting.\nThe link worker's role was unclear to two receptionists."),
                TurnSpec(
                    speaker: "PM-A1", role: "practice_manager",
                    text: "Honestly, I think maybe the staff understand what she can do, perhaps."),
                TurnSpec(speaker: "[PERSON-3]", role: nil, text: "Patients say it made a difference to them, it did."),
            ],
            hits: [
                HitSpec(turn: 0, code: "ctx-role-confusion", phrase: "role was unclear"),
                HitSpec(
                    turn: 1, code: "ctx-staff-understand-lw", phrase: "staff understand what she can do",
                    direction: .tentative),
                HitSpec(turn: 2, code: "out-show-difference", phrase: "made a difference"),
                HitSpec(turn: 2, code: "oth-workload", phrase: "Patients"),
            ]),
        document(
            "D003", site: "S02", dataType: "interview",
            turns: [
                TurnSpec(speaker: "Interviewer", role: "interviewer", text: "How do you know it works?"),
                TurnSpec(
                    speaker: "LW-B1", role: "link_worker",
                    text:
                        "So every Friday afternoon, and this took us a long while to sort out with the practice manager and the PCN leads, we sit down together and go through the shared spreadsheet where every referral is logged, what happened at the first appointment, which groups the person went to, and whether they came back to the surgery in the following months; that is our system for feedback, and because the GPs see it they feel the work is valued, which is why we can show we make a difference when the commissioners ask, even when the numbers are small and the stories matter more than the counts.",
                    start: nil),
                TurnSpec(
                    speaker: "GP-B1", role: "gp",
                    text: "Our receptionists are not clear about her role, to be fair. The café group helps though."),
                TurnSpec(speaker: "PT-B1", role: "patient", text: "She listened and it made a difference, honestly."),
                TurnSpec(speaker: "GP-B1", role: "gp", text: "I value her, and I refer patients to her every week."),
            ],
            hits: [
                HitSpec(turn: 1, code: "ctx-feedback-system", phrase: "system for feedback"),
                HitSpec(turn: 1, code: "mech-work-valued", phrase: "feel the work is valued"),
                HitSpec(turn: 1, code: "out-show-difference", phrase: "show we make a difference"),
                HitSpec(
                    turn: 2, code: "ctx-clear-role-boundaries", phrase: "clear about her role", direction: .negated),
                HitSpec(turn: 3, code: "out-show-difference", phrase: "made a difference"),
                HitSpec(turn: 4, code: "mech-value-lw", phrase: "I value her"),
                HitSpec(turn: 4, code: "out-referral", phrase: "I refer patients"),
            ]),
    ]

    static let context = ReportContextFixture.make()
}

enum ReportContextFixture {
    static func make() -> ReportContext {
        ReportContext(
            groupBy: "integration_level", codebookVersion: "link-worker 2026.1",
            codebookHash: "sha256:3f1c9a0e5b7d2c4f",
            allRuleIDs: Fixtures.codes.map { "\($0.id)#1" } + ["out-referral#2", "ctx-never#9"],
            failedDocuments: [FailedDocument(id: "D004", message: "ingest: the file is not valid UTF-8 (byte 17)")],
            registeredParticipants: [
                RegisteredParticipant(pseudonym: "LW-A1", role: "link_worker", site: "S01"),
                RegisteredParticipant(pseudonym: "GP-A1", role: "gp", site: "S01"),
                RegisteredParticipant(pseudonym: "GP-A2", role: "gp", site: "S01"),
                RegisteredParticipant(pseudonym: "PM-A1", role: "practice_manager", site: "S01"),
                RegisteredParticipant(pseudonym: "LW-B1", role: "link_worker", site: "S02"),
                RegisteredParticipant(pseudonym: "GP-B1", role: "gp", site: "S02"),
                RegisteredParticipant(pseudonym: "PT-B1", role: "patient", site: "S02"),
            ])
    }
}
