import CmocModel
import CmocSegment
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
        let labels = ["Interviewer", "FACILITATOR", "P1", "LW-A1"]
        let source = SourceDocument(
            id: "d", format: "plaintext", utterances: labels.map { Utterance(speaker: $0, text: "x") })
        let document = Segmenter.segment(
            source, entry: ManifestEntry(file: "", id: "d", site: "S1", dataType: "interview"),
            roles: ["LW-A1": "link_worker"])
        #expect(document.turns.map(\.role) == ["interviewer", "interviewer", nil, "link_worker"])
    }
}
