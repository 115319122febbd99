import CmocModel
import Yams

/// Reads a YAML mapping node field by field, recording every problem (unknown key with a
/// "did you mean", wrong type, missing key) with file:line:column instead of stopping at the first.
struct YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line, column: node?.mark?.column)
    }

    mutating func error(_ node: Node?, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, stage: "pipeline", at: location(node), message, hint: hint))
    }

    /// Parses `text`, reporting a syntax error at its line and column.
    mutating func compose(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                diagnostics.append(
                    Diagnostic(
                        .error, stage: "pipeline", at: SourceLocation(file: file, line: mark.line, column: mark.column),
                        "YAML syntax error: \(problem)", hint: "check indentation and quoting on this line"))
            default:
                diagnostics.append(Diagnostic(.error, stage: "pipeline", at: SourceLocation(file: file), "\(error)"))
            }
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, stage: "pipeline", at: SourceLocation(file: file), "\(error)"))
            return nil
        }
    }

    /// The mapping's entries by key; unknown keys are reported with the closest known one.
    mutating func fields(_ node: Node?, allowed: [String], context: String) -> [String: Node] {
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            error(node, "\(context) should be a mapping of keys to values")
            return [:]
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                error(key, "keys in \(context) must be plain words")
                continue
            }
            if allowed.contains(name) {
                result[name] = value
            } else {
                let suggestion = Suggestion.closest(to: name, in: allowed)
                error(
                    key, "unknown key '\(name)' in \(context)",
                    hint: suggestion.map { "did you mean '\($0)'?" } ?? "known keys: \(allowed.joined(separator: ", "))")
            }
        }
        return result
    }

    mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar, node.tag != Tag(.null) else {
            if node.tag == Tag(.null) { return nil }
            error(node, "\(what) should be a single value")
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node?, _ what: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(node, "\(what) should be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(node, "\(what) should be true or false, not '\(text)'")
            return nil
        }
    }

    mutating func strings(_ node: Node?, _ what: String) -> [String] {
        guard let node else { return [] }
        if node.tag == Tag(.null) { return [] }
        guard let sequence = node.sequence else {
            error(node, "\(what) should be a list")
            return []
        }
        return sequence.compactMap { string($0, "an entry of \(what)") }
    }

    mutating func stringMap(_ node: Node?, _ what: String) -> [String: String] {
        guard let node else { return [:] }
        if node.tag == Tag(.null) { return [:] }
        guard let mapping = node.mapping else {
            error(node, "\(what) should be a mapping")
            return [:]
        }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard let k = key.string, let v = string(value, "\(what) '\(key.string ?? "")'") else { continue }
            result[k] = v
        }
        return result
    }
}
