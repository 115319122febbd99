import CmocEvidence
import CmocModel
import CmocReports
import Foundation
import Testing

/// Every rendered file of the constructed corpus, pinned against `Golden/`. Re-record deliberately
/// with `CMOC_RECORD_GOLDEN=1 swift test --filter CmocEvidenceTests`, then review the diff.
@Suite struct GoldenTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static func renderCorpus() throws -> [String: [UInt8]] {
        var builder = EvidenceBuilder(cmocs: try Fixtures.cmocs(), codes: Fixtures.codes, sites: Fixtures.sites)
        for document in Fixtures.corpus { builder.add(document) }
        return Reports.render(builder.finish(), context: Fixtures.context)
    }

    static func goldenFiles() -> [String] {
        let root = goldenFolder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    @Test func renderedFilesMatchGoldens() throws {
        let files = try Self.renderCorpus()
        if ProcessInfo.processInfo.environment["CMOC_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: Self.goldenFolder)
            try Reports.write(files, to: Self.goldenFolder)
            return
        }
        #expect(Self.goldenFiles() == files.keys.sorted(), "golden files differ from rendered files")
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let golden = try? Data(contentsOf: Self.goldenFolder.appendingPathComponent(path))
            let expected = golden.map { String(decoding: $0, as: UTF8.self) } ?? "<missing golden>"
            let actual = String(decoding: bytes, as: UTF8.self)
            if actual != expected {
                Issue.record(
                    "\(path) differs from its golden \(Self.firstDifference(actual, expected)); re-record with CMOC_RECORD_GOLDEN=1"
                )
            }
        }
    }

    /// `at line N: "actual" vs golden "expected"`, for a short failure message.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for line in 0..<max(a.count, e.count) {
            let left = line < a.count ? String(a[line]) : "<end>"
            let right = line < e.count ? String(e[line]) : "<end>"
            if left != right {
                return "at line \(line + 1): \"\(left.prefix(160))\" vs golden \"\(right.prefix(160))\""
            }
        }
        return "(no line differs)"
    }

    @Test func renderingTwiceIsByteIdentical() throws {
        #expect(try Self.renderCorpus() == Self.renderCorpus())
    }
}
