import CmocModel
import Foundation
import Testing

@testable import CmocIngest

/// The shipped fictional sample corpus (`corpus/transcripts`): each file's distinct speakers are
/// exactly the labels its `documents.csv` row maps to registry ids (TEI ones with `#`), plus names
/// the file uses directly as labels; observation notes have none. Guards against cover-sheet keys,
/// editorial marks and note sentences taken as labels.
struct CorpusLabelRow: Sendable, CustomTestStringConvertible {
    var file: String
    /// Labels used as names directly (not in `documents.csv`), in order of first use among all speakers.
    var speakers: [String]
    var testDescription: String { file }
}

enum SampleCorpus {
    /// `<repository>/corpus`, computed from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus")

    /// `file` -> data type and the labels of the `speakers` column (`Interviewer=RES-1;LW=LW-A1` -> Interviewer, LW).
    static func registryLabels() throws -> [String: (dataType: String, labels: [String])] {
        let url = root.appendingPathComponent("documents.csv")
        let table = try CSVTable.parse(try String(contentsOf: url, encoding: .utf8), file: "documents.csv")
        var result: [String: (dataType: String, labels: [String])] = [:]
        for row in table.rows {
            guard let file = table.value(row, "file") else { continue }
            let spec = table.value(row, "speakers") ?? ""
            let labels = spec.split(separator: ";").compactMap { $0.split(separator: "=").first.map(String.init) }
            result[file] = (table.value(row, "data_type") ?? "", labels)
        }
        return result
    }
}

let sampleCorpusRows: [CorpusLabelRow] = [
    .init(file: "transcripts/S1/S1_LW_interview_01.txt", speakers: ["Interviewer", "LW"]),
    .init(file: "transcripts/S1/S1-GP-interview.xml", speakers: ["#int1", "#p1"]),
    .init(file: "transcripts/S1/pm-interview-0325.txt", speakers: ["Interviewer", "PM"]),
    .init(file: "transcripts/S1/patient-A1.txt", speakers: ["Interviewer", "Marjorie"]),
    .init(file: "transcripts/S1/fieldnotes-practice-meeting.txt", speakers: []),
    .init(file: "transcripts/S2/interview-mcallister-final.txt", speakers: ["I", "R"]),
    .init(file: "transcripts/S2/gp-B1.txt", speakers: ["Interviewer", "Dr Abernethy"]),
    .init(file: "transcripts/S2/focus-group-staff.txt", speakers: ["Facilitator", "P3", "P4", "P1", "P2"]),
    .init(file: "transcripts/S2/S2-patient-maureen.tei.xml", speakers: ["#I1", "#R1"]),
    .init(file: "transcripts/S3/S3-INT-01-lw.xml", speakers: ["#spk1", "#spk2"]),
    .init(file: "transcripts/S3/gp-sandhu-2025-04.txt", speakers: ["Interviewer", "Rajinder Sandhu"]),
    .init(file: "transcripts/S3/fg-S3-staff.txt", speakers: ["Facilitator", "Thandi", "Ciarán", "Hamish"]),
    .init(file: "transcripts/S3/S3-patient-interview-03.txt", speakers: ["INT", "PT"]),
    .init(file: "transcripts/S4/S4_LW_interview.txt", speakers: ["Interviewer 1", "LW", "Interviewer 2"]),
    .init(file: "transcripts/S4/gp-interview-S4.xml", speakers: ["#A", "#B"]),
    .init(file: "transcripts/S4/reception-interview.txt", speakers: ["Interviewer", "Anneliese"]),
    .init(file: "transcripts/S4/obs-S4-day.txt", speakers: []),
    .init(file: "transcripts/S4/S4-INT-04.txt", speakers: ["Interviewer", "P"]),
]

@Suite("Sample corpus speaker labels")
struct SampleCorpusLabelTests {
    @Test("every corpus file has a row here and in documents.csv")
    func rowsCoverTheCorpus() throws {
        let registry = try SampleCorpus.registryLabels()
        #expect(Set(registry.keys) == Set(sampleCorpusRows.map(\.file)))
    }

    @Test("distinct speakers: the registry's labels plus names used directly, nothing else", arguments: sampleCorpusRows)
    func speakers(_ row: CorpusLabelRow) throws {
        let registry = try SampleCorpus.registryLabels()
        let url = SampleCorpus.root.appendingPathComponent(row.file)
        let document = try TestSupport.read(bytes: [UInt8](try Data(contentsOf: url)), as: url.lastPathComponent)
        #expect(document.speakers == row.speakers)
        // Every registry label is spoken (TEI `@who` keeps its `#`), and an observation has none.
        let spoken = Set(document.speakers.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 })
        let entry = try #require(registry[row.file])
        #expect(Set(entry.labels).isSubset(of: spoken))
        if entry.dataType == "observation" { #expect(document.speakers.isEmpty) }
    }
}
