import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

@Suite struct ManifestTests {
    func load(_ csv: String) throws(DiagnosticError) -> Manifest {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-manifest-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("documents.csv")
        try? Data(csv.utf8).write(to: url)
        return try Manifest.load(
            url: url, displayPath: "corpus/documents.csv", corpusRoot: dir, knownSites: ["S1", "S2"],
            knownParticipants: ["LW-A1", "RES-1"])
    }

    @Test func readsRowsAndSpeakerMaps() throws {
        let m = try load(
            "file,id,site,data_type,speakers\nt/a b.txt,S1-INT-01,S1,interview,Interviewer=RES-1;LW=LW-A1\n\"t/c,d.xml\",S2-OBS-01,S2,observation,\n")
        #expect(m.documents.map(\.entry.id) == ["S1-INT-01", "S2-OBS-01"])
        #expect(m.documents[0].speakers == ["Interviewer": "RES-1", "LW": "LW-A1"])
        #expect(m.documents[1].entry.file == "t/c,d.xml")
        #expect(m.documents[1].line == 3)
    }

    @Test func reportsEveryProblemAtOnce() {
        do {
            _ = try load(
                "file,id,site,data_type,speakers\na.txt,D1,S3,interview,\nb.txt,D1,S1,interview,I=RES-2\nc.txt,,S1,interview,\n")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "corpus/documents.csv:2:3: error: unknown site 'S3'\n  hint: did you mean 'S1'?",
                    "corpus/documents.csv:3:2: error: document id 'D1' is used twice\n  hint: it is first used on line 2; ids must be unique",
                    "corpus/documents.csv:3:5: error: unknown participant id 'RES-2'\n  hint: did you mean 'RES-1'?",
                    "corpus/documents.csv:4:2: error: the 'id' cell is empty",
                ])
        }
    }

    @Test(arguments: ["../escape", "a/b", ".hidden", "Ann Smith"])
    func idsThatCannotNameAFileAreRefused(_ id: String) {
        do {
            _ = try load("file,id,site,data_type\na.txt,\"\(id)\",S1,interview\n")
            Issue.record("id accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["this document id has characters ids may not have"])
        }
    }

    @Test func missingColumnIsNamed() {
        do {
            _ = try load("file,ident,site,data_type\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["missing column 'id'"])
        }
    }
}

@Suite struct CSVTableTests {
    @Test(arguments: [
        ("a,b\n1,2\n", [["1", "2"]]),
        ("a,b\r\n1,\"x, y\"\r\n", [["1", "x, y"]]),
        ("a\n\"say \"\"hi\"\"\"\n", [["say \"hi\""]]),
        ("a,b\n\"multi\nline\",z\n\n3,4", [["multi\nline", "z"], ["3", "4"]]),
        ("\u{FEFF}a\nü\n", [["ü"]]),
    ])
    func parses(_ text: String, _ rows: [[String]]) throws {
        let table = try CSVTable.parse(text, file: "t.csv", stage: "test")
        #expect(table.rows.map(\.fields) == rows)
    }

    @Test func unclosedQuoteNamesWhereItOpened() {
        #expect(throws: DiagnosticError.self) { try CSVTable.parse("a,b\n1,\"open\n", file: "t.csv", stage: "test") }
        do { _ = try CSVTable.parse("a,b\n1,\"open\n", file: "t.csv", stage: "test") } catch {
            #expect(error.diagnostics.first?.location == SourceLocation(file: "t.csv", line: 2, column: 3))
        }
    }
}

@Suite struct OutputFolderTests {
    func temp() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-out-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func keyInsideOutputIsRefusedAlsoThroughDotDotAndSymlinks() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link"), withDestinationURL: out)
        for key in ["out/k.json", "out/sub/../k.json", "link/k.json", "out"] {
            #expect(throws: DiagnosticError.self) {
                try OutputFolder.check(output: out, keyFile: dir.appendingPathComponent(key))
            }
        }
        try OutputFolder.check(output: out, keyFile: dir.appendingPathComponent("keys/k.json"))
    }

    @Test func foreignFolderIsRefusedAndARerunRemovesOnlyWhatCmocWrote() throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("thesis.docx"))
        #expect(throws: DiagnosticError.self) {
            try OutputFolder.check(output: dir, keyFile: URL(fileURLWithPath: "/tmp/elsewhere.key"))
        }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("thesis.docx"))
        // A folder cmoc wrote: its listed outputs go, the cache and the user's own files stay.
        try Data(#"{"outputs": ["summary.md"]}"#.utf8).write(to: dir.appendingPathComponent("run.json"))
        #expect(throws: DiagnosticError.self, "a run.json that is not cmoc's does not make the folder cmoc's") {
            try OutputFolder.check(output: dir, keyFile: URL(fileURLWithPath: "/tmp/elsewhere.key"))
        }
        try Data(
            #"{"cmoc_version": "0", "outputs": ["summary.md", "sites/S1/matrix.md", "../outside.txt", "/etc/passwd", ".", "./cache", ""]}"#
                .utf8)
            .write(to: dir.appendingPathComponent("run.json"))
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("cache"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("sites/S1"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: dir.appendingPathComponent("summary.md"))
        try Data("old".utf8).write(to: dir.appendingPathComponent("sites/S1/matrix.md"))
        try Data("mine".utf8).write(to: dir.appendingPathComponent("my-memo.md"))
        let outside = dir.deletingLastPathComponent().appendingPathComponent("outside.txt")
        try Data("keep".utf8).write(to: outside)
        defer { try? fm.removeItem(at: outside) }
        try OutputFolder.check(output: dir, keyFile: URL(fileURLWithPath: "/tmp/elsewhere.key"))
        try OutputFolder.prepare(dir)
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == ["cache", "my-memo.md"])
        #expect(fm.fileExists(atPath: outside.path))
    }
}
