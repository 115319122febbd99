import CmocEvidence
import CmocModel
import Foundation
import Testing

@testable import CmocReports

/// The report writers: file list, CSV quoting, Markdown and HTML escaping, HTML structure,
/// privacy, and writing to disk.
@Suite struct ReportsTests {
    static func files() throws -> [String: [UInt8]] { try GoldenTests.renderCorpus() }

    static func text(_ files: [String: [UInt8]], _ path: String) -> String {
        String(decoding: files[path] ?? [], as: UTF8.self)
    }

    @Test func writerRegistryIsPinned() throws {
        #expect(Reports.siteWriters.map { $0.fileName } == ["matrix.csv", "matrix.md", "matrix.html", "matrix.json"])
        #expect(
            Reports.corpusWriters.map { $0.fileName } == ["summary.md", "summary.html", "segments.csv", "presence.csv"])
        #expect(
            try Self.files().keys.sorted() == [
                "presence.csv", "segments.csv", "sites/S01/matrix.csv", "sites/S01/matrix.html",
                "sites/S01/matrix.json",
                "sites/S01/matrix.md", "sites/S02/matrix.csv", "sites/S02/matrix.html", "sites/S02/matrix.json",
                "sites/S02/matrix.md", "summary.html", "summary.md",
            ])
    }

    struct CSVRow: Sendable {
        var field: String
        var expected: String
    }

    static let csvRows: [CSVRow] = [
        CSVRow(field: "plain", expected: "plain"),
        CSVRow(field: "", expected: ""),
        CSVRow(field: "a,b", expected: "\"a,b\""),
        CSVRow(field: "say \"hi\"", expected: "\"say \"\"hi\"\"\""),
        CSVRow(field: "two\nlines", expected: "\"two\nlines\""),
        CSVRow(field: "cr\r", expected: "\"cr\r\""),
        CSVRow(field: "café; ok", expected: "café; ok"),
        CSVRow(field: " padded ", expected: " padded "),
    ]

    @Test(arguments: csvRows) func csvField(_ row: CSVRow) {
        #expect(CSVRows.field(row.field) == row.expected)
    }

    @Test func csvTablesUseLineFeedsAndAFinalNewline() {
        var table = CSVRows(header: ["a", "b"])
        table.append(["1", "x,y"])
        table.field(2)
        table.field("")
        table.rendered(Array("z".utf8))
        table.endRow()
        table.field(-1_234_567)
        table.field(0)
        table.endRow()
        #expect(table.render() == "a,b\n1,\"x,y\"\n2,,z\n-1234567,0\n")
    }

    /// Every CSV we write parses back (RFC 4180) into rows of the header's width.
    @Test func renderedCSVsParseBackToRectangularTables() throws {
        let files = try Self.files()
        for path in files.keys.sorted() where path.hasSuffix(".csv") {
            let rows = Self.parseCSV(Self.text(files, path))
            let width = rows.first?.count ?? 0
            #expect(width > 0, "\(path)")
            #expect(rows.allSatisfy { $0.count == width }, "\(path) has ragged rows")
        }
        let segments = Self.parseCSV(Self.text(files, "segments.csv"))
        let quoted = try #require(segments.first { $0.contains("out-role-understood") })
        #expect(quoted.last == "Yes, reception \"get it\" now, they understand my role & book people in.")
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        return rows
    }

    struct EscapeRow: Sendable {
        var input: String
        var html: String
        var markdown: String
    }

    static let escapeRows: [EscapeRow] = [
        EscapeRow(input: "a < b & c > d", html: "a &lt; b &amp; c &gt; d", markdown: "a \\< b & c \\> d"),
        EscapeRow(input: "\"q\" 'a'", html: "&quot;q&quot; &#39;a&#39;", markdown: "\"q\" 'a'"),
        EscapeRow(input: "x | y", html: "x | y", markdown: "x \\| y"),
        EscapeRow(
            input: "*bold* _it_ `code` [link]", html: "*bold* _it_ `code` [link]",
            markdown: "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]"),
        EscapeRow(input: "# not a heading", html: "# not a heading", markdown: "\\# not a heading"),
        EscapeRow(input: "- not a list", html: "- not a list", markdown: "\\- not a list"),
        EscapeRow(input: "one\ntwo", html: "one\ntwo", markdown: "one two"),
        EscapeRow(input: "rule#1", html: "rule#1", markdown: "rule#1"),
    ]

    @Test(arguments: escapeRows) func escaping(_ row: EscapeRow) {
        #expect(HTML.escape(row.input) == row.html)
        #expect(Markdown.escape(row.input) == row.markdown)
    }

    /// Structure checks (the libxml2 HTML parse is left to the pipeline tests): tags balance, no
    /// scripts or external assets, every `&` starts an entity, one `<html>`, `<head>` and `<body>`.
    @Test func htmlIsWellFormedAndSelfContained() throws {
        let files = try Self.files()
        let pages = files.keys.sorted().filter { $0.hasSuffix(".html") }
        #expect(pages.count == 3)
        for path in pages {
            let html = Self.text(files, path)
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"), "\(path)")
            #expect(Self.tagProblems(html).isEmpty, "\(path): \(Self.tagProblems(html))")
            let lower = html.lowercased()
            for banned in ["<script", "<link", "<iframe", "<img", "src=", "http://", "https://", "@import", "url("] {
                let allowed =
                    banned == "http://" && lower.components(separatedBy: banned).count - 1 == Self.svgNamespaces(lower)
                #expect(!lower.contains(banned) || allowed, "\(path) contains \(banned)")
            }
            #expect(Self.bareAmpersands(html) == 0, "\(path) has an unescaped &")
            for tag in ["<html", "<head>", "<body>", "<style>"] {
                #expect(lower.components(separatedBy: tag).count == 2, "\(path) should have one \(tag)")
            }
            let head = lower.components(separatedBy: "</head>").first ?? ""
            #expect(head.components(separatedBy: "<title>").count == 2, "\(path) should have one <title> in <head>")
        }
        let summary = Self.text(files, "summary.html")
        #expect(summary.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(summary.contains("&lt;all of it&gt;"))
    }

    static func svgNamespaces(_ html: String) -> Int {
        html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
    }

    static func bareAmpersands(_ html: String) -> Int {
        let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
        var count = 0
        var rest = html[...]
        while let index = rest.firstIndex(of: "&") {
            let tail = rest[index...]
            if !entities.contains(where: { tail.hasPrefix($0) }) { count += 1 }
            rest = rest[rest.index(after: index)...]
        }
        return count
    }

    /// Unbalanced or malformed tags, checked with a stack (void elements and `/>` allowed).
    static func tagProblems(_ html: String) -> [String] {
        let void: Set<String> = ["meta", "br", "!doctype"]
        var stack: [String] = []
        var problems: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else {
                problems.append("unterminated tag")
                break
            }
            let inner = rest[rest.index(after: open)..<close]
            if inner.contains("<") { problems.append("'<' inside a tag: \(inner.prefix(40))") }
            rest = rest[rest.index(after: close)...]
            let name = inner.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map { $0.lowercased() } ?? ""
            if name.hasPrefix("/") {
                let closing = String(name.dropFirst())
                if stack.last == closing {
                    stack.removeLast()
                } else {
                    problems.append("</\(closing)> closes <\(stack.last ?? "nothing")>")
                }
            } else if !void.contains(name) && !inner.hasSuffix("/") {
                stack.append(name)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        return problems
    }

    @Test func tagCheckerCatchesProblems() {
        #expect(Self.tagProblems("<p><b>x</p></b>").count >= 1)
        #expect(Self.tagProblems("<p>a < b</p>").count >= 1)
        #expect(Self.tagProblems("<div><p>x</p></div><br>").isEmpty)
    }

    @Test func noSiteNameOrRealNameInAnyOutput() throws {
        let files = try Self.files()
        for (path, bytes) in files {
            let text = String(decoding: bytes, as: UTF8.self)
            for site in Fixtures.sites {
                #expect(!text.contains(site.name), "\(path) contains a site name")
            }
        }
    }

    @Test func jsonRoundTripsTheMatrix() throws {
        let files = try Self.files()
        let data = Data(files["sites/S02/matrix.json"] ?? [])
        struct Envelope: Decodable {
            var matrix: SiteMatrix
            var codebookHash: String
        }
        let decoded = try JSONDecoder().decode(Envelope.self, from: data)
        #expect(decoded.codebookHash == "sha256:3f1c9a0e5b7d2c4f")
        #expect(decoded.matrix.site.id == "S02")
        #expect(decoded.matrix.rows.map(\.grade) == [.contested, .weak, .weak, .strong])
    }

    @Test func presenceHasOneRowPerTurnAndACodeColumnEach() throws {
        let rows = Self.parseCSV(Self.text(try Self.files(), "presence.csv"))
        #expect(rows.first == ["site", "document", "data_type", "turn", "speaker", "role"] + Fixtures.codes.map(\.id))
        #expect(rows.count - 1 == 14)
        let column = try #require(rows.first?.firstIndex(of: "out-show-difference"))
        #expect(rows.dropFirst().filter { $0[column] == "1" }.count == 3)
    }

    struct PathRow: Sendable {
        var id: String
        var expected: String
    }

    static let pathRows: [PathRow] = [
        PathRow(id: "S01", expected: "S01"), PathRow(id: "site 2/a", expected: "site_2_a"),
        PathRow(id: "..", expected: "_.."), PathRow(id: ".hidden", expected: "_.hidden"),
        PathRow(id: "", expected: "_"),
        PathRow(id: "é-1", expected: "__-1"),
    ]

    @Test(arguments: pathRows) func siteFolderNames(_ row: PathRow) {
        #expect(Format.pathComponent(row.id) == row.expected)
    }

    @Test func heatmapOpacityIsFixedFormat() {
        #expect(Heatmap.opacity(0, 5) == "0.00")
        #expect(Heatmap.opacity(5, 5) == "1.00")
        #expect(Heatmap.opacity(1, 3) == "0.33")
        #expect(Heatmap.opacity(2, 3) == "0.67")
        #expect(Heatmap.opacity(1, 20) == "0.05")
    }

    @Test func timesAndAnchors() {
        #expect(Format.time(nil) == "")
        #expect(Format.time(5.9) == "00:00:05")
        #expect(Format.time(3725) == "01:02:05")
        let quote = Quote(
            siteID: "S01", documentID: "D1", turnIndex: 4, speaker: "LW-A1", role: "link_worker", start: 61.2,
            excerpt: "x", highlight: ByteSpan(0, 1), components: [.context], codes: ["c"], tier: .full)
        #expect(Format.anchor(quote) == "S01, D1, turn 4, LW-A1 (link_worker), 00:01:01")
    }

    @Test func writesFilesAndRefusesUnsafePaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmoc-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.files()
        try Reports.write(files, to: folder)
        for (path, bytes) in files {
            let written = try Data(contentsOf: folder.appendingPathComponent(path))
            #expect(Array(written) == bytes, "\(path)")
        }
        for bad in ["../escape.txt", "/abs.txt", "a/../../b.txt", "a//b.txt"] {
            #expect(throws: DiagnosticError.self) { try Reports.write([bad: [0x41]], to: folder) }
        }
    }
}

/// Long lists stay readable in the write-up formats.
@Suite struct ConfigurationListTests {
    @Test func configurationListsAreCapped() {
        let items = (0..<13).map {
            Configuration(
                siteID: "S01", documentID: "D1", firstTurn: $0 * 3, lastTurn: $0 * 3 + 1,
                components: [.context, .outcome],
                roles: ["gp"], speakers: ["GP-A1"])
        }
        let text = Format.configurations(items, withSite: false)
        #expect(text.hasPrefix("D1 turns 0-1 (C+O; gp), D1 turns 3-4"))
        #expect(text.hasSuffix("D1 turns 27-28 (C+O; gp), and 3 more (all in matrix.json)"))
        #expect(Format.configurations([], withSite: true) == "none")
        #expect(Format.configurations(Array(items.prefix(1)), withSite: true) == "S01, D1 turns 0-1 (C+O; gp)")
    }
}
