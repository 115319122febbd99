import CmocModel
import CmocText
import Foundation
import Yams

extension Codebook {
    /// Reads and validates a codebook file; every problem is reported at once.
    public static func load(path: String) throws(DiagnosticError) -> Codebook {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DiagnosticError(
                CodebookError.unreadableFile(reason: "no readable file at this path").diagnostic(
                    at: SourceLocation(file: path)))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw DiagnosticError(CodebookError.invalidUTF8.diagnostic(at: SourceLocation(file: path)))
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses and validates codebook YAML; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String) throws(DiagnosticError) -> Codebook {
        var parser = CodebookParser(file: file)
        let codebook = parser.parse(yaml)
        if let codebook, !parser.reader.hasErrors { return codebook }
        // Report in file order, the way an editor lists problems.
        let ordered = parser.reader.diagnostics.enumerated().sorted { a, b in
            let x = (a.element.location?.line ?? 0, a.element.location?.column ?? 0, a.offset)
            let y = (b.element.location?.line ?? 0, b.element.location?.column ?? 0, b.offset)
            return x < y
        }.map(\.element)
        throw DiagnosticError(ordered)
    }
}

/// YAML text -> ``Codebook``: structure, names, references, terms and regexes checked, all
/// problems collected with file:line:column and a "did you mean" where a name is close.
struct CodebookParser {
    var reader: YAMLReader

    static let topKeys = ["codebook", "negation", "hedging", "codes"]
    static let headerKeys = ["id", "version", "description"]
    static let cueKeys = ["triggers", "extra_triggers", "pseudo_triggers", "terminators", "window"]
    static let codeKeys = ["id", "label", "parent", "kind", "description", "rules", "examples", "speakers", "site"]
    static let operators = [
        "keywords", "phrase", "regex", "near", "followed_by", "same_sentence", "all", "any", "not", "code",
    ]
    static let modifiers = ["name", "speakers", "site", "scope", "within_code", "within", "note"]
    static let exampleKeys = ["match", "no_match"]
    static let exampleItemKeys = ["text", "role", "site", "direction"]

    init(file: String) { reader = YAMLReader(file: file) }

    mutating func parse(_ yaml: String) -> Codebook? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                reader.report(.emptyDocument, at: SourceLocation(file: reader.file, line: 1, column: 1))
                return nil
            }
            root = node
        } catch let error as YamlError {
            reportYAMLError(error)
            return nil
        } catch {
            reader.report(.yamlSyntax(problem: "unreadable YAML"), at: SourceLocation(file: reader.file))
            return nil
        }
        guard let top = reader.entries(root, what: "the codebook") else { return nil }
        reader.checkKeys(top, allowed: Self.topKeys, context: "the codebook")
        func value(_ key: String) -> Node? { top.first { $0.key == key }?.value }

        var id = "", version = "", description = ""
        if let header = value("codebook") {
            if let entries = reader.entries(header, what: "'codebook'") {
                reader.checkKeys(entries, allowed: Self.headerKeys, context: "'codebook'")
                for entry in entries {
                    switch entry.key {
                    case "id": id = reader.string(entry.value, what: "'id'") ?? ""
                    case "version": version = reader.string(entry.value, what: "'version'") ?? ""
                    case "description": description = reader.string(entry.value, what: "'description'") ?? ""
                    default: break
                    }
                }
                if !entries.contains(where: { $0.key == "id" }) {
                    reader.report(.missingKey(key: "id", in: "'codebook'"), at: header)
                }
                if !entries.contains(where: { $0.key == "version" }) {
                    reader.report(.missingKey(key: "version", in: "'codebook'"), at: header)
                }
            }
        } else {
            reader.report(.missingKey(key: "codebook", in: "the codebook file"), at: root)
        }
        let negation = value("negation").map { cueSettings($0, base: .defaultNegation, what: "'negation'") }
        let hedging = value("hedging").map { cueSettings($0, base: .defaultHedging, what: "'hedging'") }

        var codes: [CodeDefinition] = []
        if let codesNode = value("codes") {
            if let list = codesNode.sequence {
                for item in list {
                    if let code = code(item) { codes.append(code) }
                }
            } else {
                reader.report(.notAList(what: "'codes'"), at: codesNode)
            }
        } else {
            reader.report(.missingKey(key: "codes", in: "the codebook file"), at: root)
        }
        codes = resolveKinds(codes)
        validateReferences(codes)
        return Codebook(
            id: id, version: version, description: description, negation: negation ?? .defaultNegation,
            hedging: hedging ?? .defaultHedging, codes: codes, file: reader.file)
    }

    private mutating func reportYAMLError(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            reader.report(
                .yamlSyntax(problem: problem),
                at: SourceLocation(file: reader.file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            reader.report(
                .duplicateKey(key: duplicates.joined(separator: ", ")),
                at: SourceLocation(file: reader.file, line: context.mark.line, column: context.mark.column))
        default:
            reader.report(.yamlSyntax(problem: "\(error)"), at: SourceLocation(file: reader.file))
        }
    }

    private mutating func cueSettings(_ node: Node, base: CueSettings, what: String) -> CueSettings {
        var settings = base
        guard let entries = reader.entries(node, what: what) else { return settings }
        reader.checkKeys(entries, allowed: Self.cueKeys, context: what)
        for entry in entries {
            let list = { (reader: inout YAMLReader) in
                reader.strings(entry.value, what: "'\(entry.key)'")?.map(\.0) ?? []
            }
            switch entry.key {
            case "triggers": settings.triggers = list(&reader)
            case "extra_triggers": settings.triggers += list(&reader)
            case "pseudo_triggers": settings.pseudoTriggers = list(&reader)
            case "terminators": settings.terminators = list(&reader)
            case "window":
                if let n = reader.integer(entry.value, what: "'window'") {
                    if (1...50).contains(n) {
                        settings.window = n
                    } else {
                        reader.report(.invalidWindow(value: String(n)), at: entry.value)
                    }
                }
            default: break
            }
        }
        return settings
    }

    // MARK: Codes

    private mutating func code(_ node: Node) -> CodeDefinition? {
        guard let entries = reader.entries(node, what: "each code") else { return nil }
        reader.checkKeys(entries, allowed: Self.codeKeys, context: "a code")
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        guard let idNode = value("id") else {
            reader.report(.missingKey(key: "id", in: "a code"), at: node)
            return nil
        }
        guard let id = reader.string(idNode, what: "'id'") else { return nil }
        if !Self.isValidID(id) { reader.report(.invalidCodeID(id: id), at: idNode) }
        var definition = CodeDefinition(id: id, label: id, kind: .other, location: reader.location(idNode))
        var kindNode: Node?
        var defaults = RuleDefaults()
        for entry in entries {
            switch entry.key {
            case "label": definition.label = reader.string(entry.value, what: "'label'") ?? id
            case "parent":
                definition.parent = reader.string(entry.value, what: "'parent'")
                if let parent = definition.parent { references.append((parent, "'parent'", reader.location(entry.value))) }
            case "description": definition.description = reader.string(entry.value, what: "'description'") ?? ""
            case "kind": kindNode = entry.value
            case "speakers": defaults.speakers = reader.strings(entry.value, what: "'speakers'")?.map(\.0)
            case "site": defaults.site = siteFilter(entry.value)
            default: break
            }
        }
        if let kindNode, let raw = reader.string(kindNode, what: "'kind'") {
            if let kind = CodeKind(rawValue: raw) {
                definition.kind = kind
            } else {
                let suggestion = Suggestion.closest(to: raw, in: CodeKind.allCases.map(\.rawValue))
                reader.report(.unknownKind(value: raw, suggestion: suggestion), at: kindNode)
            }
            explicitKinds.insert(id)
        }
        if let rulesNode = value("rules") {
            if let list = rulesNode.sequence {
                for (offset, item) in list.enumerated() {
                    if let rule = rule(item, index: offset + 1, defaults: defaults) { definition.rules.append(rule) }
                }
            } else {
                reader.report(.notAList(what: "'rules'"), at: rulesNode)
            }
        }
        if let examplesNode = value("examples") { definition.examples = examples(examplesNode) }
        return definition
    }

    private var explicitKinds = Set<String>()

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.utf8.first, first != UInt8(ascii: "-") else { return false }
        return id.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "-")
        }
    }

    /// Codes without `kind:` take their parent's kind (constructs pass theirs to sub-constructs).
    private func resolveKinds(_ codes: [CodeDefinition]) -> [CodeDefinition] {
        var byID: [String: CodeDefinition] = [:]
        for code in codes where byID[code.id] == nil { byID[code.id] = code }
        return codes.map { code in
            var code = code
            guard !explicitKinds.contains(code.id) else { return code }
            var seen = Set<String>()
            var parent = code.parent
            while let p = parent, seen.insert(p).inserted, let parentCode = byID[p] {
                if explicitKinds.contains(p) {
                    code.kind = parentCode.kind
                    break
                }
                parent = parentCode.parent
            }
            return code
        }
    }

    // MARK: Rules

    struct RuleDefaults {
        var speakers: [String]?
        var site: [String: [String]] = [:]
    }

    private mutating func rule(_ node: Node, index: Int, defaults: RuleDefaults) -> RuleDefinition? {
        let location = reader.location(node)
        if node.scalar != nil || node.sequence != nil {
            // `- refer*` or `- [refer, referral*]` is shorthand for `keywords:`.
            guard let terms = terms(node, what: "a rule") else { return nil }
            return RuleDefinition(
                index: index, node: .terms(terms), speakers: defaults.speakers, site: defaults.site, location: location)
        }
        guard let entries = reader.entries(node, what: "each rule") else { return nil }
        reader.checkKeys(entries, allowed: Self.operators + Self.modifiers, context: "a rule")
        let operatorEntries = entries.filter { Self.operators.contains($0.key) }
        if operatorEntries.count > 1 {
            reader.report(.severalOperators(keys: operatorEntries.map(\.key)), at: node)
            return nil
        }
        let withinNode = entries.first { $0.key == "within" }?.value
        guard let op = operatorEntries.first else {
            if !entries.contains(where: { !Self.modifiers.contains($0.key) }) {
                reader.report(.noOperator(suggestion: nil), at: node)
            }
            return nil
        }
        guard let ruleNode = operatorNode(op.key, op.value, withinNode: withinNode, keyNode: op.keyNode) else {
            return nil
        }
        if !Self.hasPositive(ruleNode) { reader.report(.notNeedsPositive, at: node) }
        var rule = RuleDefinition(
            index: index, node: ruleNode, speakers: defaults.speakers, site: defaults.site, location: location)
        for entry in entries {
            switch entry.key {
            case "name": rule.name = reader.string(entry.value, what: "'name'")
            case "speakers": rule.speakers = reader.strings(entry.value, what: "'speakers'")?.map(\.0)
            case "site": rule.site = siteFilter(entry.value)
            case "scope": rule.scope = scope(entry.value) ?? .turn
            case "within_code":
                if let id = reader.string(entry.value, what: "'within_code'") {
                    rule.withinCode = id
                    references.append((id, "'within_code'", reader.location(entry.value)))
                }
            default: break
            }
        }
        return rule
    }

    /// Code references to check once every code is known: (id, role, where).
    private var references: [(String, String, SourceLocation)] = []

    private mutating func operatorNode(_ key: String, _ value: Node, withinNode: Node?, keyNode: Node) -> RuleNode? {
        if withinNode != nil, key != "near", key != "followed_by" {
            reader.report(.withinWithoutProximity, at: withinNode)
        }
        switch key {
        case "keywords", "phrase":
            return terms(value, what: "'\(key)'").map { .terms($0) }
        case "regex":
            guard let pattern = reader.string(value, what: "'regex'") else { return nil }
            do {
                _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            } catch {
                reader.report(.invalidRegex(pattern: pattern, reason: "invalid pattern"), at: value)
                return nil
            }
            return .regex(pattern, reader.location(value))
        case "near", "followed_by":
            guard let list = value.sequence else {
                reader.report(.notAList(what: "'\(key)'"), at: value)
                return nil
            }
            guard list.count == 2 else {
                reader.report(.proximityArity(op: key, count: list.count), at: value)
                return nil
            }
            var within = 5
            if let withinNode, let n = reader.integer(withinNode, what: "'within'") {
                if (0...50).contains(n) {
                    within = n
                } else {
                    reader.report(.invalidWithin(value: String(n)), at: withinNode)
                }
            }
            guard let first = terms(list[0], what: "'\(key)'"), let second = terms(list[1], what: "'\(key)'") else {
                return nil
            }
            return .near(first: first, second: second, within: within, ordered: key == "followed_by")
        case "all", "any", "same_sentence":
            guard let list = value.sequence else {
                reader.report(.notAList(what: "'\(key)'"), at: value)
                return nil
            }
            if list.count == 0 {
                reader.report(.emptyList(what: "'\(key)'"), at: value)
                return nil
            }
            var children: [RuleNode] = []
            for item in list {
                if let child = nested(item) { children.append(child) }
            }
            guard children.count == list.count else { return nil }
            switch key {
            case "all": return .all(children)
            case "any": return .any(children)
            default: return .sameSentence(children)
            }
        case "not":
            return nested(value).map { .not($0) }
        case "code":
            guard let id = reader.string(value, what: "'code'") else { return nil }
            references.append((id, "'code:'", reader.location(value)))
            return .code(id, reader.location(value))
        default:
            return nil
        }
    }

    /// A sub-rule: a term, a list of terms, or a mapping with one operator (and `within`).
    private mutating func nested(_ node: Node) -> RuleNode? {
        if node.scalar != nil || node.sequence != nil {
            return terms(node, what: "a sub-rule").map { .terms($0) }
        }
        guard let entries = reader.entries(node, what: "a sub-rule") else { return nil }
        reader.checkKeys(entries, allowed: Self.operators + ["within"], context: "a sub-rule")
        let ops = entries.filter { Self.operators.contains($0.key) }
        if ops.count > 1 {
            reader.report(.severalOperators(keys: ops.map(\.key)), at: node)
            return nil
        }
        guard let op = ops.first else {
            if entries.allSatisfy({ Self.operators.contains($0.key) || $0.key == "within" }) {
                reader.report(.noOperator(suggestion: nil), at: node)
            }
            return nil
        }
        return operatorNode(op.key, op.value, withinNode: entries.first { $0.key == "within" }?.value, keyNode: op.keyNode)
    }

    private mutating func terms(_ node: Node, what: String) -> [TermSource]? {
        guard let items = reader.strings(node, what: what) else { return nil }
        if items.isEmpty {
            reader.report(.emptyList(what: what), at: node)
            return nil
        }
        var result: [TermSource] = []
        var ok = true
        for (text, itemNode) in items {
            switch TermPattern.parse(text) {
            case .success: result.append(TermSource(text, at: reader.location(itemNode)))
            case .failure(.empty):
                reader.report(.emptyTerm, at: itemNode)
                ok = false
            case .failure(.misplacedWildcard):
                reader.report(.misplacedWildcard(term: text), at: itemNode)
                ok = false
            }
        }
        return ok ? result : nil
    }

    private mutating func scope(_ node: Node) -> RuleScope? {
        if let scalar = node.scalar {
            switch scalar.string {
            case "sentence": return .sentence
            case "turn": return .turn
            default:
                reader.report(.invalidScope(value: scalar.string), at: node)
                return nil
            }
        }
        guard let entries = reader.entries(node, what: "'scope'") else { return nil }
        reader.checkKeys(entries, allowed: ["window"], context: "'scope'")
        guard let windowNode = entries.first(where: { $0.key == "window" })?.value else {
            reader.report(.missingKey(key: "window", in: "'scope'"), at: node)
            return nil
        }
        guard let n = reader.integer(windowNode, what: "'window'") else { return nil }
        guard (1...50).contains(n) else {
            reader.report(.invalidWindow(value: String(n)), at: windowNode)
            return nil
        }
        return .window(n)
    }

    private mutating func siteFilter(_ node: Node) -> [String: [String]] {
        guard let entries = reader.entries(node, what: "'site'") else { return [:] }
        var filter: [String: [String]] = [:]
        for entry in entries {
            filter[entry.key] = reader.strings(entry.value, what: "'site: \(entry.key)'")?.map(\.0) ?? []
        }
        return filter
    }

    // MARK: Examples

    private mutating func examples(_ node: Node) -> [CodeExample] {
        guard let entries = reader.entries(node, what: "'examples'") else { return [] }
        reader.checkKeys(entries, allowed: Self.exampleKeys, context: "'examples'")
        var result: [CodeExample] = []
        for entry in entries where Self.exampleKeys.contains(entry.key) {
            let shouldMatch = entry.key == "match"
            guard let list = entry.value.sequence else {
                reader.report(.notAList(what: "'\(entry.key)'"), at: entry.value)
                continue
            }
            for item in list {
                if let example = example(item, shouldMatch: shouldMatch) { result.append(example) }
            }
        }
        return result
    }

    private mutating func example(_ node: Node, shouldMatch: Bool) -> CodeExample? {
        var textNode = node
        var example = CodeExample(text: "", shouldMatch: shouldMatch, location: reader.location(node))
        if node.scalar == nil {
            guard let entries = reader.entries(node, what: "an example") else { return nil }
            reader.checkKeys(entries, allowed: Self.exampleItemKeys, context: "an example")
            guard let t = entries.first(where: { $0.key == "text" })?.value else {
                reader.report(.missingKey(key: "text", in: "an example"), at: node)
                return nil
            }
            textNode = t
            for entry in entries {
                switch entry.key {
                case "role": example.role = reader.string(entry.value, what: "'role'")
                case "site":
                    if let pairs = reader.entries(entry.value, what: "'site'") {
                        for pair in pairs { example.site[pair.key] = reader.string(pair.value, what: "'site'") ?? "" }
                    }
                case "direction":
                    if let raw = reader.string(entry.value, what: "'direction'") {
                        if let direction = Direction(rawValue: raw) {
                            example.direction = direction
                        } else {
                            let suggestion = Suggestion.closest(to: raw, in: Direction.allCases.map(\.rawValue))
                            reader.report(.invalidDirection(value: raw, suggestion: suggestion), at: entry.value)
                        }
                    }
                default: break
                }
            }
        }
        guard let raw = reader.string(textNode, what: "an example") else { return nil }
        guard let (text, spans) = Self.stripMarks(raw) else {
            reader.report(.unbalancedMarks, at: textNode)
            return nil
        }
        if !shouldMatch, !spans.isEmpty { reader.report(.markInNoMatch, at: textNode) }
        example.text = text
        example.expectedSpans = spans
        return example
    }

    /// Removes `[[`/`]]` marks, returning the plain text and the marked UTF-8 spans; nil when unbalanced.
    static func stripMarks(_ raw: String) -> (String, [ByteSpan])? {
        let bytes = Array(raw.utf8)
        var out: [UInt8] = []
        var spans: [ByteSpan] = []
        var open: Int?
        var k = 0
        while k < bytes.count {
            if k + 1 < bytes.count, bytes[k] == UInt8(ascii: "["), bytes[k + 1] == UInt8(ascii: "[") {
                if open != nil { return nil }
                open = out.count
                k += 2
            } else if k + 1 < bytes.count, bytes[k] == UInt8(ascii: "]"), bytes[k + 1] == UInt8(ascii: "]") {
                guard let start = open else { return nil }
                spans.append(ByteSpan(start, out.count))
                open = nil
                k += 2
            } else {
                out.append(bytes[k])
                k += 1
            }
        }
        if open != nil { return nil }
        return (String(decoding: out, as: UTF8.self), spans)
    }

    // MARK: Cross-code checks

    static func hasPositive(_ node: RuleNode) -> Bool {
        switch node {
        case .terms, .regex, .near, .code: true
        case .all(let children), .sameSentence(let children): children.contains(where: hasPositive)
        case .any(let children): children.allSatisfy(hasPositive)
        case .not: false
        }
    }

    private mutating func validateReferences(_ codes: [CodeDefinition]) {
        var firstAt: [String: SourceLocation] = [:]
        for code in codes {
            if let first = firstAt[code.id] {
                reader.report(.duplicateCodeID(id: code.id, first: first), at: code.location)
            } else {
                firstAt[code.id] = code.location
            }
        }
        let ids = codes.map(\.id)
        let known = Set(ids)
        for (id, role, location) in references where !known.contains(id) {
            reader.report(
                .unknownCode(id: id, role: role, suggestion: Suggestion.closest(to: id, in: ids)), at: location)
        }
        if let cycle = CodeGraph(codes).cycle() {
            reader.report(.referenceCycle(path: cycle), at: firstAt[cycle[0]] ?? SourceLocation(file: reader.file))
        }
    }
}
