import CmocModel
import Foundation
import Testing

@testable import CmocIngest

/// The twelve real files in `shared/data/transcripts` (beside the repository) against the gold
/// counts of their MANIFEST.tsv: distinct speakers (with their labels) and attributed turns after merging.
struct ManifestRow: Sendable, CustomTestStringConvertible {
    var file: String
    var speakerCount: Int
    var speakerLabels: Set<String>
    var turnsMerged: Int
    var testDescription: String { file }
}

enum SharedData {
    /// `<repository parent>/shared/data/transcripts`, computed from this file's path.
    static let transcripts: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/transcripts")

    static var available: Bool {
        FileManager.default.fileExists(atPath: transcripts.appendingPathComponent("MANIFEST.tsv").path)
    }

    static func manifest() -> [ManifestRow] {
        guard let text = try? String(contentsOf: transcripts.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else {
            return []
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let f = column("file"), let s = column("speakers"), let m = column("turns_merged") else { return [] }
        return lines.dropFirst().compactMap { cells in
            guard cells.count > max(f, s, m) else { return nil }
            // "2: Interviewer | mop03-2b" or "0 (no speaker attribution)"
            let spec = cells[s]
            let count = Int(spec.prefix(while: \.isNumber)) ?? -1
            var labels: Set<String> = []
            if let colon = spec.firstIndex(of: ":") {
                labels = Set(spec[spec.index(after: colon)...].split(separator: "|").map {
                    $0.trimmingCharacters(in: .whitespaces)
                })
            }
            return ManifestRow(file: cells[f], speakerCount: count, speakerLabels: labels, turnsMerged: Int(cells[m]) ?? -1)
        }
    }
}

@Suite("Real transcripts against MANIFEST gold counts")
struct ManifestGoldTests {
    @Test("shared/data is present beside the repository (else the gold tests below are skipped)",
          .enabled(if: SharedData.available, "shared/data/transcripts is absent: gold-count tests skipped"))
    func sharedDataPresent() {
        #expect(SharedData.manifest().count == 12)
    }

    @Test("gold speakers and merged turns", .enabled(if: SharedData.available), arguments: SharedData.manifest())
    func goldCounts(_ row: ManifestRow) throws {
        let url = SharedData.transcripts.appendingPathComponent(row.file)
        let bytes = [UInt8](try Data(contentsOf: url))
        let ext = url.pathExtension
        let document = try Ingest.read(bytes: bytes, displayName: "doc.\(ext)", id: "doc", options: IngestOptions())
        #expect(document.speakers.count == row.speakerCount)
        #expect(Set(document.speakers) == row.speakerLabels)
        #expect(document.mergedTurns.filter { $0.speaker != nil }.count == row.turnsMerged)
        if row.speakerCount == 0 {
            // Files without attribution keep all their text.
            #expect(!document.utterances.isEmpty)
            #expect(document.utterances.allSatisfy { $0.speaker == nil && !$0.text.isEmpty })
        }
    }

    @Test("formats are detected from content, not the file name", .enabled(if: SharedData.available))
    func detection() throws {
        let expected: [String: TranscriptFormat] = [
            "plaintext/nzilbb_mop03-2b_interview.txt": .plaintext, "plaintext/nzilbb_transcribeme.txt": .plaintext,
            "plaintext/zoom_meeting_input_example.txt": .plaintext, "vtt/webvttpy_teams_timeframe.vtt": .webvtt,
            "srt/pysrt_bom-utf-16-le.srt": .srt, "tei/parlaclarin_exemplar.xml": .tei,
            "tei/nzilbb_labbcat_test-speech.xml": .tei, "trs/nzilbb_mop03-2b_utf8.trs": .transcriber,
            "eaf/nzilbb_simultaneous_speech.eaf": .elan, "exb/exmaralda_demo_HardTalk.exb": .exmaralda,
            "cha/nzilbb_clan_masked.cha": .chat,
        ]
        for (file, format) in expected.sorted(by: { $0.key < $1.key }) {
            let bytes = [UInt8](try Data(contentsOf: SharedData.transcripts.appendingPathComponent(file)))
            #expect(Ingest.detectFormat(bytes: bytes, displayName: "doc.bin") == format, "\(file)")
        }
        // The headerless cue list needs its extension as a hint.
        let vtt = [UInt8](try Data(contentsOf: SharedData.transcripts.appendingPathComponent("vtt/nzilbb_voices_class_only.vtt")))
        #expect(Ingest.detectFormat(bytes: vtt, displayName: "doc.vtt") == .webvtt)
    }

    @Test("encodings and times of the real files", .enabled(if: SharedData.available))
    func encodingsAndTimes() throws {
        func read(_ file: String) throws -> SourceDocument {
            let url = SharedData.transcripts.appendingPathComponent(file)
            return try Ingest.read(bytes: [UInt8](try Data(contentsOf: url)), displayName: "d.\(url.pathExtension)", id: "d", options: IngestOptions())
        }
        #expect(try read("srt/pysrt_bom-utf-16-le.srt").encoding == "utf-16le")
        #expect(try read("plaintext/nzilbb_mop03-2b_interview.txt").encoding == "utf-8+bom")
        let teams = try read("vtt/webvttpy_teams_timeframe.vtt")
        #expect(teams.utterances.map(\.start) == [0, 0.21])
        #expect(teams.utterances.map(\.end) == [0.57, 1.13])
        let eaf = try read("eaf/nzilbb_simultaneous_speech.eaf")
        #expect(eaf.utterances.map(\.speaker) == ["p1", "p1", "p2", "p1"])
        #expect(eaf.utterances.map(\.start) == [0, 5, 5, 10])
        let cha = try read("cha/nzilbb_clan_masked.cha")
        #expect(cha.utterances.first?.start == 0.001)
        #expect(cha.utterances.first?.end == 25.057)
        #expect(cha.utterances.allSatisfy { !$0.text.unicodeScalars.contains("\u{15}") })
        #expect(cha.declaredSpeakers.map(\.id) == ["SUB", "EXA"])
        let tei = try read("tei/parlaclarin_exemplar.xml")
        #expect(tei.declaredSpeakers.count == 4)
        #expect(tei.utterances.allSatisfy { !$0.text.contains("Applause") && !$0.text.contains("MILAN") })
        let trs = try read("trs/nzilbb_mop03-2b_utf8.trs")
        #expect(trs.declaredSpeakers.map(\.id) == ["spk1", "spk2"])
    }
}
