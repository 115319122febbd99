import CmocModel
import CmocText
import Yams

/// Reads Yams nodes into values while collecting every problem (with its line:column)
/// instead of stopping at the first; the codebook parser is written on top of it.
struct YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func report(_ error: CodebookError, at node: Node?) {
        diagnostics.append(error.diagnostic(at: location(node)))
    }

    mutating func report(_ error: CodebookError, at location: SourceLocation) {
        diagnostics.append(error.diagnostic(at: location))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// A mapping's entries in order, keys as strings; reports a non-mapping.
    mutating func entries(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping = node.mapping else {
            report(.notAMapping(what: what), at: node)
            return nil
        }
        return mapping.map { (key: $0.key.string ?? "\($0.key)", keyNode: $0.key, value: $0.value) }
    }

    /// Reports keys outside `allowed`, each with the closest allowed key.
    mutating func checkKeys(
        _ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], context: String
    ) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = Suggestion.closest(to: entry.key, in: allowed)
            report(.unknownKey(key: entry.key, in: context, suggestion: suggestion), at: entry.keyNode)
        }
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            report(.notAString(what: what), at: node)
            return nil
        }
        return scalar.string
    }

    /// A list of strings; a single string is accepted as a list of one.
    mutating func strings(_ node: Node, what: String) -> [(String, Node)]? {
        if let scalar = node.scalar { return [(scalar.string, node)] }
        guard let sequence = node.sequence else {
            report(.notAList(what: what), at: node)
            return nil
        }
        var result: [(String, Node)] = []
        for item in sequence {
            if let s = item.scalar {
                result.append((s.string, item))
            } else {
                report(.notAString(what: "each entry of \(what)"), at: item)
            }
        }
        return result
    }

    mutating func integer(_ node: Node, what: String) -> Int? {
        guard let scalar = node.scalar, let value = Int(scalar.string) else {
            report(.notAnInteger(what: what), at: node)
            return nil
        }
        return value
    }
}
