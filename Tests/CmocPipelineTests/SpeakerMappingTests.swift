import CmocModel
import Testing

@testable import CmocPipeline

@Suite struct SpeakerMappingTests {
    static let manifest = ["I": "RES-2", "R": "LW-B1", "p1": "GP-A1"]
    static let aliases = ["I": "Interviewer", "Int1": "Interviewer"]

    /// Label as ingest gives it (aliases already applied) -> registry id.
    @Test(arguments: [
        ("R", "LW-B1"),
        ("#p1", "GP-A1"),  // TEI @who
        ("Interviewer", "RES-2"),  // `I` renamed by the pipeline's speaker_aliases
        ("P3", nil),
    ] as [(String, String?)])
    func labelsMapThroughManifestAndAliases(_ label: String, _ expected: String?) {
        #expect(PipelineRunner.participant(for: label, in: Self.manifest, aliases: Self.aliases) == expected)
    }

    @Test func unmappedInterviewerLabelsAreNotParticipants() {
        let turns = ["Interviewer", "FACILITATOR", "P1", "LW-A1"].enumerated().map { i, label in
            Turn(
                documentID: "d", site: "S1", speaker: label, role: label == "LW-A1" ? "link_worker" : nil, index: i,
                text: "x", span: ByteSpan(0, 1))
        }
        var document = SegmentedDocument(id: "d", site: "S1", dataType: "interview", format: "plaintext", text: "", turns: turns)
        PipelineRunner.markInterviewers(&document)
        #expect(document.turns.map(\.role) == ["interviewer", "interviewer", nil, "link_worker"])
    }
}
