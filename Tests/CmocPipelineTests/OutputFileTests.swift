import CmocModel
import Foundation
import Testing

/// Whole-file writes through a renamed temporary: the bytes, the mode, replacement, failures that
/// leave nothing behind, and parallel writers that do not trip over each other's temporaries.
@Suite struct OutputFileTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-outputfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesReplacesAndSetsTheMode() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.txt").path
        #expect(OutputFile.write(Array("first, longer text\n".utf8), to: path) == nil)
        #expect(OutputFile.write(Array("café\n".utf8), to: path, mode: 0o600, sync: true) == nil)
        #expect(FileManager.default.contents(atPath: path) == Data("café\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(OutputFile.write([UInt8](), to: path) == nil)
        #expect(FileManager.default.contents(atPath: path) == Data())
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.txt"])
    }

    /// A second name for a file: made directly when the name is free, through a renamed temporary
    /// link when a file is in the way (replaced, not written through), and a reason when it fails.
    @Test func linksMakeASecondNameAndReplaceWhatIsThere() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = dir.appendingPathComponent("a.text").path
        let other = dir.appendingPathComponent("b.text").path
        let name = dir.appendingPathComponent("a.txt").path
        #expect(OutputFile.write(Array("text one\n".utf8), to: original) == nil)
        #expect(OutputFile.write(Array("text two\n".utf8), to: other) == nil)
        #expect(OutputFile.link(original, to: name) == nil)
        #expect(FileManager.default.contents(atPath: name) == Data("text one\n".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: original)[.referenceCount] as? Int == 2)
        // Replaced: the old name now names the other file, and the first file is untouched.
        #expect(OutputFile.link(other, to: name) == nil)
        #expect(FileManager.default.contents(atPath: name) == Data("text two\n".utf8))
        #expect(FileManager.default.contents(atPath: original) == Data("text one\n".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: original)[.referenceCount] as? Int == 1)
        #expect(OutputFile.link(dir.appendingPathComponent("missing").path, to: name)?.isEmpty == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.text", "a.txt", "b.text"])
    }

    /// Written in place as a new file: another name of the old file keeps the old bytes, and a write
    /// that cannot start says why.
    @Test func replaceWritesANewFileAndNeverThroughAnotherName() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.text").path
        let other = dir.appendingPathComponent("a.txt").path
        #expect(OutputFile.replace(Array("old text\n".utf8), at: path, mode: 0o600) == nil)
        #expect(OutputFile.link(path, to: other) == nil)
        #expect(OutputFile.replace(Array("new\n".utf8), at: path) == nil)
        #expect(FileManager.default.contents(atPath: path) == Data("new\n".utf8))
        #expect(FileManager.default.contents(atPath: other) == Data("old text\n".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
        #expect(OutputFile.replace(Array("x".utf8), at: dir.appendingPathComponent("missing/a").path)?.isEmpty == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.text", "a.txt"])
    }

    @Test func aFailedWriteSaysWhyAndLeavesNothing() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reason = OutputFile.write(Array("x".utf8), to: dir.appendingPathComponent("missing/a.txt").path)
        #expect(reason?.isEmpty == false)
        // A directory in the way of the rename.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("taken"), withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: dir.appendingPathComponent("taken/inside.txt"))
        #expect(OutputFile.write(Array("x".utf8), to: dir.appendingPathComponent("taken").path) != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["taken"])
    }

    @Test func parallelWritersKeepTheirTemporariesApart() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("shared.txt").path
        let failures = await withTaskGroup(of: String?.self) { group in
            for index in 0..<64 {
                group.addTask { OutputFile.write(Array(String(repeating: "\(index % 10)", count: 4096).utf8), to: path) }
            }
            return await group.reduce(into: [String]()) { if let reason = $1 { $0.append(reason) } }
        }
        #expect(failures.isEmpty)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        // Whichever writer won, its file is whole: one digit, 4096 times.
        #expect(bytes.count == 4096 && Set(bytes).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["shared.txt"])
    }
}
