import CmocModel
import Foundation
import Yams

/// Reads and validates CMOC definitions (`pipelines/cmocs/*.yml`).
///
/// Every problem is collected and reported at once, each at its file:line:column, with a "did you
/// mean" for misspelt keys and code ids. Code ids are checked against the codebook's `[CodeInfo]`.
///
/// ```yaml
/// cmocs:
///   - id: cmoc-coherence
///     title: Coherence building
///     statement: "When … (C), … (M), which produces … (O)."
///     context: [ctx-clear-role-boundaries]
///     mechanism: {resource: [], reasoning: [mech-demarcation]}   # or a plain list
///     outcome: [out-role-understood]
///     counter_evidence: []
///     window: 2
/// ```
public enum CMOCDefinitions {
    static let topLevelKeys = ["cmocs"]
    static let entryKeys = [
        "id", "title", "statement", "programme_theory", "npt_construct", "context", "mechanism", "outcome",
        "counter_evidence", "window",
    ]
    static let mechanismKeys = ["resource", "reasoning"]

    /// Reads the file at `path` and validates it.
    public static func load(path: String, knownCodes: [CodeInfo]) throws(DiagnosticError) -> [CMOCDefinition] {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(validating: data, as: UTF8.self) else {
                throw DiagnosticError(
                    EvidenceProblem.unreadableFile(path: path, reason: "not UTF-8 text").diagnostic())
            }
            text = decoded
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(
                EvidenceProblem.unreadableFile(path: path, reason: "no such file or not readable").diagnostic())
        }
        return try parse(yaml: text, file: path, knownCodes: knownCodes)
    }

    /// The "did you mean" the loader would give for `name` among `candidates`, if any.
    public static func suggestion(for name: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: name, in: candidates.sorted())
    }

    /// Validates YAML text; `file` is only used to name locations in diagnostics.
    public static func parse(yaml: String, file: String, knownCodes: [CodeInfo]) throws(DiagnosticError)
        -> [CMOCDefinition]
    {
        var reader = Reader(file: file, knownCodes: Set(knownCodes.map(\.id)))
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw DiagnosticError(reader.yamlProblem(error))
        }
        let definitions = reader.read(root)
        if !reader.diagnostics.isEmpty { throw DiagnosticError(reader.diagnostics) }
        return definitions
    }
}

/// Walks the composed YAML tree, collecting definitions and diagnostics.
private struct Reader {
    let file: String
    let knownCodes: Set<String>
    var diagnostics: [Diagnostic] = []

    init(file: String, knownCodes: Set<String>) {
        self.file = file
        self.knownCodes = knownCodes
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func report(_ problem: EvidenceProblem, at node: Node?) {
        diagnostics.append(problem.diagnostic(at: location(node)))
    }

    func yamlProblem(_ error: Error) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return EvidenceProblem.invalidYAML(problem: "\(error)").diagnostic(at: SourceLocation(file: file))
        }
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return EvidenceProblem.invalidYAML(problem: problem)
                .diagnostic(at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return EvidenceProblem.invalidYAML(
                problem: "a key is given twice (\(duplicates.sorted().joined(separator: ", ")))"
            ).diagnostic(at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        case .reader(let problem, let offset, _, _):
            return EvidenceProblem.invalidYAML(problem: problem)
                .diagnostic(at: SourceLocation(file: file, byteOffset: offset))
        default:
            return EvidenceProblem.invalidYAML(problem: "\(yamlError)").diagnostic(at: SourceLocation(file: file))
        }
    }

    /// Key/value pairs of a mapping node, reporting unknown keys; nil (and a diagnostic) if not a mapping.
    mutating func fields(of node: Node, what: String, allowed: [String]) -> [String: (key: Node, value: Node)]? {
        guard let mapping = node.mapping else {
            report(.expectedMapping(what: what), at: node)
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if allowed.contains(name) {
                result[name] = (key, value)
            } else {
                report(
                    .unknownKey(key: name, owner: what, suggestion: Suggestion.closest(to: name, in: allowed)),
                    at: key)
            }
        }
        return result
    }

    mutating func read(_ root: Node?) -> [CMOCDefinition] {
        guard let root else {
            report(.noCMOCs, at: nil)
            return []
        }
        guard let top = fields(of: root, what: "the CMOC definitions file", allowed: CMOCDefinitions.topLevelKeys)
        else { return [] }
        guard let list = top["cmocs"] else {
            report(.missingKey(key: "cmocs", owner: "the CMOC definitions file"), at: root)
            return []
        }
        guard let entries = list.value.sequence else {
            report(.expectedSequence(what: "`cmocs`"), at: list.value)
            return []
        }
        if entries.isEmpty { report(.noCMOCs, at: list.value) }
        var definitions: [CMOCDefinition] = []
        var seen = Set<String>()
        for entry in entries {
            guard let definition = readEntry(entry) else { continue }
            if !seen.insert(definition.id).inserted {
                report(.duplicateCMOC(id: definition.id), at: entry)
                continue
            }
            definitions.append(definition)
        }
        return definitions
    }

    mutating func readEntry(_ entry: Node) -> CMOCDefinition? {
        let knownID = entry.mapping?["id"]?.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines)
        let owner = knownID.flatMap { $0.isEmpty ? nil : "CMOC `\($0)`" } ?? "a CMOC entry"
        guard let fields = fields(of: entry, what: owner, allowed: CMOCDefinitions.entryKeys) else {
            return nil
        }
        let id = requiredString("id", in: fields, owner: owner, at: entry)
        let title = requiredString("title", in: fields, owner: owner, at: entry)
        let statement = requiredString("statement", in: fields, owner: owner, at: entry)
        let theory = optionalString("programme_theory", in: fields)
        let construct = optionalString("npt_construct", in: fields)
        let cmocID = id ?? "?"

        var codesSeen = Set<String>()
        let context = codes(fields["context"], key: "context", owner: owner, cmoc: cmocID, at: entry, seen: &codesSeen)
        var resource: [String] = []
        var reasoning: [String] = []
        var mechanism: [String] = []
        var listed = false
        if let field = fields["mechanism"] {
            if field.value.mapping != nil {
                let parts =
                    self.fields(
                        of: field.value, what: "the mechanism of \(owner)", allowed: CMOCDefinitions.mechanismKeys)
                    ?? [:]
                let first = codeList(
                    parts["resource"]?.value, key: "mechanism.resource", cmoc: cmocID, seen: &codesSeen)
                let second = codeList(
                    parts["reasoning"]?.value, key: "mechanism.reasoning", cmoc: cmocID, seen: &codesSeen)
                resource = first.codes
                reasoning = second.codes
                mechanism = resource + reasoning
                listed = first.listed || second.listed
            } else {
                let plain = codeList(field.value, key: "mechanism", cmoc: cmocID, seen: &codesSeen)
                mechanism = plain.codes
                listed = plain.listed
            }
            if !listed { report(.emptyComponent(component: "mechanism", cmoc: cmocID), at: field.value) }
        } else {
            report(.missingKey(key: "mechanism", owner: owner), at: entry)
        }
        let outcome = codes(fields["outcome"], key: "outcome", owner: owner, cmoc: cmocID, at: entry, seen: &codesSeen)
        let counter = codeList(
            fields["counter_evidence"]?.value, key: "counter_evidence", cmoc: cmocID, seen: &codesSeen
        )
        .codes

        var window = CMOCDefinition.defaultWindow
        if let field = fields["window"] {
            if let value = field.value.int, value >= 0, field.value.scalar != nil {
                window = value
            } else {
                report(.expectedNonNegativeInteger(key: "window"), at: field.value)
            }
        }
        guard let id, let title, let statement else { return nil }
        return CMOCDefinition(
            id: id, title: title, statement: statement, programmeTheory: theory, nptConstruct: construct,
            context: context, mechanism: mechanism, mechanismResource: resource, mechanismReasoning: reasoning,
            outcome: outcome, counterEvidence: counter, window: window)
    }

    /// A required, non-empty code list for one CMOC part.
    mutating func codes(
        _ field: (key: Node, value: Node)?, key: String, owner: String, cmoc: String, at entry: Node,
        seen: inout Set<String>
    ) -> [String] {
        guard let field else {
            report(.missingKey(key: key, owner: owner), at: entry)
            return []
        }
        let list = codeList(field.value, key: key, cmoc: cmoc, seen: &seen)
        if !list.listed { report(.emptyComponent(component: key, cmoc: cmoc), at: field.value) }
        return list.codes
    }

    /// Code ids from a list (or a single scalar), each checked against the codebook; `listed` tells
    /// whether the file listed any item at all (so a bad id is not also reported as an empty list).
    mutating func codeList(_ node: Node?, key: String, cmoc: String, seen: inout Set<String>)
        -> (codes: [String], listed: Bool)
    {
        guard let node else { return ([], false) }
        let items: [Node]
        if let sequence = node.sequence {
            items = Array(sequence)
        } else if let scalar = node.scalar {
            items = scalar.string.isEmpty ? [] : [node]
        } else {
            report(.expectedSequence(what: "`\(key)`"), at: node)
            return ([], true)
        }
        var result: [String] = []
        for item in items {
            guard let code = item.scalar?.string, !code.isEmpty else {
                report(.expectedString(key: key), at: item)
                continue
            }
            if !knownCodes.contains(code) {
                report(
                    .unknownCode(
                        code: code, cmoc: cmoc,
                        suggestion: Suggestion.closest(to: code, in: knownCodes.sorted())),
                    at: item)
                continue
            }
            if !seen.insert(code).inserted {
                report(.duplicateCode(code: code, cmoc: cmoc), at: item)
                continue
            }
            result.append(code)
        }
        return (result, !items.isEmpty)
    }

    mutating func requiredString(
        _ key: String, in fields: [String: (key: Node, value: Node)], owner: String, at entry: Node
    ) -> String? {
        guard let field = fields[key] else {
            report(.missingKey(key: key, owner: owner), at: entry)
            return nil
        }
        guard let text = field.value.scalar?.string else {
            report(.expectedString(key: key), at: field.value)
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            report(.missingKey(key: key, owner: owner), at: field.value)
            return nil
        }
        return trimmed
    }

    mutating func optionalString(_ key: String, in fields: [String: (key: Node, value: Node)]) -> String? {
        guard let field = fields[key] else { return nil }
        guard let text = field.value.scalar?.string else {
            report(.expectedString(key: key), at: field.value)
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
