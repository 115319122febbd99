internal import CLibXML2
import CmocModel

/// Reads any other XML vocabulary through an `XMLMapping`: `turn` selects the unit nodes, and
/// `speaker`, `text` (default `.`), `start`, `end` are evaluated relative to each, as strings.
/// Evaluated by libxml2's XPath engine on the safely parsed document; results are copied out
/// before the document is freed.
enum XPathMappingReader: TranscriptReader {
    static let format = TranscriptFormat.xml

    static func read(_ input: ReaderInput) throws(DiagnosticError) -> ReaderOutput {
        guard let mapping = input.options.xmlMapping else {
            let root = FormatDetector.rootElementName(ArraySlice(input.bytes.prefix(FormatDetector.sniffLength))) ?? "?"
            throw input.fail(.xmlNeedsMapping(root: root))
        }
        let limit = input.options.limits.maxXMLNodes
        return try SafeXML.withDocument(input) { doc throws(DiagnosticError) in
            guard let context = xmlXPathNewContext(doc) else {
                throw input.fail(.invalidXPath(field: "turn", expression: mapping.turn))
            }
            defer { xmlXPathFreeContext(context) }
            for (prefix, uri) in mapping.namespaces.sorted(by: { $0.key < $1.key }) {
                _ = xmlXPathRegisterNs(context, prefix, uri)
            }
            let fields: [(String, String?)] = [
                ("speaker", mapping.speaker), ("text", mapping.text ?? "."), ("start", mapping.start), ("end", mapping.end),
            ]
            var compiled: [xmlXPathCompExprPtr?] = []
            defer { for case let c? in compiled { xmlXPathFreeCompExpr(c) } }
            for (field, expression) in fields {
                guard let expression else { compiled.append(nil); continue }
                guard let c = xmlXPathCtxtCompile(context, expression) else {
                    throw input.fail(.invalidXPath(field: field, expression: expression))
                }
                compiled.append(c)
            }
            guard let result = xmlXPathEvalExpression(mapping.turn, context) else {
                throw input.fail(.invalidXPath(field: "turn", expression: mapping.turn))
            }
            defer { xmlXPathFreeObject(result) }
            guard result.pointee.type == XPATH_NODESET else {
                throw input.fail(.invalidXPath(field: "turn", expression: mapping.turn + " (does not select nodes)"))
            }
            let count = Int(result.pointee.nodesetval?.pointee.nodeNr ?? 0)
            guard count <= limit else { throw input.fail(.xmlTooManyNodes(limit: limit)) }
            var units: [Utterance] = []
            for index in 0..<count {
                guard let node = result.pointee.nodesetval?.pointee.nodeTab?[index] else { continue }
                context.pointee.node = node
                let values = compiled.map { c in c.flatMap { evaluate($0, context) } }
                let speaker = values[0].map(ByteText.collapsed).flatMap { $0.isEmpty ? nil : $0 }
                units.append(Utterance(
                    speaker: speaker, text: ByteText.collapsed(values[1] ?? ""),
                    start: values[2].flatMap(Timecode.seconds), end: values[3].flatMap(Timecode.seconds)))
            }
            return ReaderOutput(utterances: units, encoding: SafeXML.encodingName(input.bytes, doc))
        }
    }

    /// The expression's value as an XPath string, copied into Swift.
    private static func evaluate(_ expression: xmlXPathCompExprPtr, _ context: xmlXPathContextPtr) -> String? {
        guard let object = xmlXPathCompiledEval(expression, context) else { return nil }
        defer { xmlXPathFreeObject(object) }
        guard let chars = xmlXPathCastToString(object) else { return nil }
        defer { cmoc_xmlFree(chars) }
        return String(cString: chars)
    }
}
