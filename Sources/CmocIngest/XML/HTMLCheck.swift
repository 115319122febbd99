internal import CLibXML2
import CmocModel

/// Checks that a report's HTML parses cleanly with libxml2's HTML parser, so reports are verified by
/// the same engine that reads transcripts (libxml2 stays fenced inside this module).
public enum HTMLCheck {
    /// What the parser found: every error or warning with its line and column, and the element
    /// names seen (for structural assertions such as "has a table, has no script").
    public struct Result: Sendable {
        public var problems: [Diagnostic]
        public var elementCounts: [String: Int]
    }

    public static func check(_ bytes: [UInt8], displayName: String) -> Result {
        guard let ctxt = htmlNewParserCtxt() else {
            return Result(
                problems: [Diagnostic(.error, stage: "reports", at: SourceLocation(file: displayName), "no parser")],
                elementCounts: [:])
        }
        defer { htmlFreeParserCtxt(ctxt) }
        let collector = HTMLErrors()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque()) { context, error in
            guard let context, let error else { return }
            Unmanaged<HTMLErrors>.fromOpaque(context).takeUnretainedValue().entries.append(
                (
                    error.pointee.message.map { String(cString: $0) } ?? "HTML error",
                    Int(error.pointee.line), Int(error.pointee.int2)
                ))
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = Int32(
            HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let doc: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlCtxtReadMemory(ctxt, $0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        var counts: [String: Int] = [:]
        if let doc {
            defer { xmlFreeDoc(doc) }
            var stack: [xmlNodePtr] = []
            if let root = xmlDocGetRootElement(doc) { stack.append(root) }
            while let node = stack.popLast() {
                if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                    counts[String(cString: name), default: 0] += 1
                }
                var child = node.pointee.children
                while let c = child {
                    stack.append(c)
                    child = c.pointee.next
                }
            }
        }
        var problems = collector.entries.filter { !isKnownModernTag($0.0) }.map { message, line, column in
            var text = message
            while text.last == "\n" || text.last == " " { text.removeLast() }
            return Diagnostic(
                .error, stage: "reports",
                at: SourceLocation(file: displayName, line: line > 0 ? line : nil, column: column > 0 ? column : nil),
                text)
        }
        if doc == nil {
            problems.append(
                Diagnostic(.error, stage: "reports", at: SourceLocation(file: displayName), "not parseable as HTML"))
        }
        return Result(problems: problems, elementCounts: counts)
    }
}

extension HTMLCheck {
    /// libxml2 2.9's HTML parser knows HTML 4 only; it reports "Tag section invalid" for valid
    /// HTML5 and inline-SVG elements. Those (and only those) are not problems.
    static let modernElements: Set<String> = [
        "article", "aside", "figcaption", "figure", "footer", "header", "main", "mark", "nav", "section", "time",
        "svg", "g", "rect", "text", "title", "desc", "line", "path", "circle", "tspan", "defs", "style",
    ]

    static func isKnownModernTag(_ message: String) -> Bool {
        let words = message.split(separator: " ")
        guard words.count >= 3, words[0] == "Tag", words[2].hasPrefix("invalid") else { return false }
        return modernElements.contains(String(words[1]))
    }
}

private final class HTMLErrors {
    var entries: [(String, Int, Int)] = []
}
