/// Extracts the paragraphs of `word/document.xml` in reading order, as plain values: body
/// paragraphs, table rows (cells kept apart), content controls opened. Tracked changes are
/// resolved as accepted: `w:ins`/`w:moveTo` read, `w:del`/`w:moveFrom` skipped. Field codes
/// (`w:instrText`) are not text.
struct WordRun: Sendable, Equatable {
    var text: String
    var bold: Bool
}

enum WordBlock: Sendable {
    case paragraph(WordParagraph)
    /// Rows of cells; each cell's paragraphs joined with spaces.
    case table([[String]])
}

struct WordParagraph: Sendable {
    var styleID: String?
    var runs: [WordRun]
    var text: String { runs.map(\.text).joined() }
}

enum WordParagraphs {
    static let skipped: Set<String> = ["del", "moveFrom", "pPr", "rPr", "instrText", "delText", "proofErr", "sectPr"]
    static let containers: Set<String> = [
        "ins", "moveTo", "hyperlink", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo",
    ]

    static func blocks(_ document: XMLElement) -> [WordBlock] {
        guard let body = document.firstElement(named: "body") else { return [] }
        var blocks: [WordBlock] = []
        collect(body, into: &blocks)
        return blocks
    }

    private static func collect(_ element: XMLElement, into blocks: inout [WordBlock]) {
        for child in element.elements {
            switch child.name {
            case "p": blocks.append(.paragraph(paragraph(child)))
            case "tbl": blocks.append(.table(table(child)))
            case "sdt", "sdtContent", "customXml", "ins", "moveTo": collect(child, into: &blocks)
            default: break
            }
        }
    }

    private static func table(_ tbl: XMLElement) -> [[String]] {
        tbl.elements(named: "tr").map { row in
            row.elements(named: "tc").map { cell in
                var inner: [WordBlock] = []
                collect(cell, into: &inner)
                return inner.map { block -> String in
                    switch block {
                    case .paragraph(let p): return p.text
                    case .table(let rows): return rows.map { $0.joined(separator: " ") }.joined(separator: " ")
                    }
                }.joined(separator: "\n")
            }
        }
    }

    static func paragraph(_ p: XMLElement) -> WordParagraph {
        let style = p.firstElement(named: "pPr")?.firstElement(named: "pStyle")?.attribute("w:val")
        var runs: [WordRun] = []
        func walk(_ e: XMLElement) {
            for child in e.elements where !skipped.contains(child.name) {
                if child.name == "r" {
                    runs.append(run(child))
                } else if containers.contains(child.name) {
                    walk(child)
                }
            }
        }
        walk(p)
        return WordParagraph(styleID: style, runs: runs)
    }

    private static func run(_ r: XMLElement) -> WordRun {
        var bold = false
        if let b = r.firstElement(named: "rPr")?.firstElement(named: "b") {
            bold = !["0", "false", "off"].contains(b.attribute("w:val") ?? "true")
        }
        var text = ""
        for child in r.elements {
            switch child.name {
            case "t": text += rawText(child)
            case "tab": text += "\t"
            case "br", "cr": text += "\n"
            case "noBreakHyphen": text += "-"
            default: break
            }
        }
        return WordRun(text: text, bold: bold)
    }

    /// `w:t` text exactly (spaces matter with `xml:space="preserve"`).
    private static func rawText(_ t: XMLElement) -> String {
        t.children.reduce(into: "") { out, node in if case .text(let s) = node { out += s } }
    }
}
