import CmocEvidence
import CmocModel
import Foundation
import Synchronization
import Testing

@testable import CmocReports

/// The cross-site files written side by side: every file once, the names known beforehand, each
/// announced once it is in place (the pipeline checks it for leaks then).
struct ReportLanesTests {
    @Test(arguments: [1, 2, 3, 8])
    func everyFileWrittenAndAnnouncedOnce(jobs: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-lanes-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var builder = EvidenceBuilder(cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites)
        for document in Fixtures.corpus { builder.add(document) }
        let report = builder.finish()
        let announced = Mutex<[String]>([])
        let written = try Reports.writeEach(report, context: Fixtures.context, to: folder, jobs: jobs) { path in
            // In place and complete when announced.
            let onDisk = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path)
            #expect(onDisk != nil && onDisk?.isEmpty == false, "\(path)")
            announced.withLock { $0.append(path) }
        }
        #expect(written == Reports.fileNames(report))
        let corpusFiles = Reports.corpusWriters.map { $0.fileName }
        #expect(announced.withLock { $0 }.sorted() == corpusFiles.sorted())
        #expect(Reports.longestFirst.sorted() == Array(corpusFiles.indices))
        #expect(Reports.longestFirst.prefix(2).map { corpusFiles[$0] }.sorted() == ["presence.csv", "segments.csv"])
    }
}
