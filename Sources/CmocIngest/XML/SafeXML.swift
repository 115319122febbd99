internal import CLibXML2
import CmocModel

/// The one place that talks to libxml2: parses untrusted bytes from memory with a fresh context,
/// options `NONET | NOERROR | NOWARNING` (never NOENT, DTDLOAD, DTDVALID, XINCLUDE, HUGE or
/// RECOVER), a process-wide deny-all external entity loader, refusal of documents that declare
/// entities, the first error reported with line and column, and depth/node limits while copying.
///
/// The entity loader is process-wide: it also affects FoundationXML used in the same process.
enum SafeXML {
    /// The parsed document as Swift values, and the encoding it was read from.
    struct Document: Sendable {
        var root: XMLElement
        var encoding: String
    }

    private static let setUp: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Parses and copies the whole document into Swift values.
    static func parse(_ input: ReaderInput) throws(DiagnosticError) -> Document {
        try withDocument(input) { doc throws(DiagnosticError) in
            guard let root = xmlDocGetRootElement(doc) else {
                throw input.fail(.malformedXML(line: nil, column: nil, message: "document has no root element"))
            }
            var budget = input.options.limits.maxXMLNodes
            let tree = try copy(root, depth: 1, budget: &budget, input: input)
            return Document(root: tree, encoding: encodingName(input.bytes, doc))
        }
    }

    /// Runs `body` on the parsed libxml2 document; the document is freed when `body` returns, so
    /// `body` must copy out what it needs.
    static func withDocument<T>(
        _ input: ReaderInput, _ body: (xmlDocPtr) throws(DiagnosticError) -> T
    ) throws(DiagnosticError) -> T {
        _ = setUp
        guard input.bytes.count <= Int(Int32.max) else {
            throw input.fail(.inputTooLarge(bytes: input.bytes.count, limit: Int(Int32.max)))
        }
        guard let ctxt = xmlNewParserCtxt() else {
            throw input.fail(.malformedXML(line: nil, column: nil, message: "libxml2 could not create a parser"))
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let collector = ErrorCollector()
        // libxml2 2.9 keeps the structured handler in thread-local state: set and reset it within
        // this synchronous call, with no suspension point in between.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque()) { context, error in
            guard let context, let error else { return }
            Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = input.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                xmlCtxtReadMemory(ctxt, chars, Int32(buffer.count), nil, nil, options)
            }
        }
        guard let doc = parsed, ctxt.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            let first = collector.first
            let message = first?.message ?? "document is not well-formed"
            // libxml2's own wording would advise XML_PARSE_HUGE; say what the limit means instead.
            if message.hasPrefix("Excessive depth") { throw input.fail(.xmlTooDeep(line: first?.line, limit: 256)) }
            if message.contains("entity reference loop") { throw input.fail(.entityDeclarations) }
            throw input.fail(.malformedXML(line: first?.line, column: first?.column, message: message))
        }
        defer { xmlFreeDoc(doc) }
        if declaresEntities(doc) { throw input.fail(.entityDeclarations) }
        return try body(doc)
    }

    /// Whether the internal DTD subset declares any entity (general or parameter).
    private static func declaresEntities(_ doc: xmlDocPtr) -> Bool {
        guard let subset = doc.pointee.intSubset else { return false }
        if subset.pointee.entities != nil || subset.pointee.pentities != nil { return true }
        var node = subset.pointee.children
        while let n = node {
            if n.pointee.type == XML_ENTITY_DECL { return true }
            node = n.pointee.next
        }
        return false
    }

    private static func copy(
        _ node: xmlNodePtr, depth: Int, budget: inout Int, input: ReaderInput
    ) throws(DiagnosticError) -> XMLElement {
        let line = Int(xmlGetLineNo(node))
        guard depth <= input.options.limits.maxXMLDepth else {
            throw input.fail(.xmlTooDeep(line: line > 0 ? line : nil, limit: input.options.limits.maxXMLDepth))
        }
        budget -= 1
        var attributes: [(name: String, value: String)] = []
        var attribute = node.pointee.properties
        while let a = attribute {
            budget -= 1
            var name = a.pointee.name.map { String(cString: $0) } ?? ""
            if let prefix = a.pointee.ns?.pointee.prefix { name = String(cString: prefix) + ":" + name }
            var value = ""
            var part = a.pointee.children
            while let p = part {
                if p.pointee.type == XML_ENTITY_REF_NODE { throw input.fail(.entityDeclarations) }
                if let content = p.pointee.content { value += String(cString: content) }
                part = p.pointee.next
            }
            attributes.append((name, value))
            attribute = a.pointee.next
        }
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let c = child {
            guard budget > 0 else { throw input.fail(.xmlTooManyNodes(limit: input.options.limits.maxXMLNodes)) }
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(.element(try copy(c, depth: depth + 1, budget: &budget, input: input)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                budget -= 1
                if let content = c.pointee.content { children.append(.text(String(cString: content))) }
            case XML_ENTITY_REF_NODE:
                // Never expand: reading entity references is where amplification happens.
                throw input.fail(.entityDeclarations)
            default:
                break
            }
            child = c.pointee.next
        }
        guard budget > 0 else { throw input.fail(.xmlTooManyNodes(limit: input.options.limits.maxXMLNodes)) }
        return XMLElement(
            name: node.pointee.name.map { String(cString: $0) } ?? "",
            namespace: node.pointee.ns?.pointee.href.map { String(cString: $0) },
            attributes: attributes, children: children, line: line)
    }

    /// `utf-16le`/`utf-16be`/`utf-8+bom` from the byte-order mark, else the declared encoding, else `utf-8`.
    static func encodingName(_ bytes: [UInt8], _ doc: xmlDocPtr) -> String {
        if bytes.starts(with: [0xFF, 0xFE]) { return "utf-16le" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "utf-16be" }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "utf-8+bom" }
        if let declared = doc.pointee.encoding { return String(cString: declared).lowercased() }
        return "utf-8"
    }
}

/// Keeps the first error libxml2 reports (later ones are often consequences, such as
/// "Premature end of data" after a tag mismatch).
private final class ErrorCollector {
    /// libxml2 quotes document text in some messages (`Entity 'Smith' not defined`); a diagnostic
    /// must never echo transcript text, so anything in quotes is replaced by `'…'`.
    static func withoutQuotedText(_ message: String) -> String {
        var out = ""
        var quoted = false
        for character in message {
            if character == "'" {
                out.append(quoted ? "…'" : "'")
                quoted.toggle()
            } else if !quoted {
                out.append(character)
            }
        }
        if quoted { out.append("…'") }
        return out
    }

    struct Entry {
        var message: String
        var line: Int?
        var column: Int?
    }

    var first: Entry?

    func record(_ error: xmlError) {
        guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "XML error \(error.code)"
        while message.last?.isWhitespace == true { message.removeLast() }
        message = Self.withoutQuotedText(message)
        first = Entry(
            message: message, line: error.line > 0 ? Int(error.line) : nil, column: error.int2 > 0 ? Int(error.int2) : nil)
    }
}
