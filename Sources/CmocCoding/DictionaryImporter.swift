import CmocModel
import CmocText
import Foundation
import Yams

/// Turns existing content-analysis dictionaries into codebook YAML: quanteda YAML dictionaries
/// (nested keys -> parent/child codes) and LIWC `.dic` files (numbered categories). Each
/// category becomes a code with one `keywords` rule and placeholder examples that `rules lint`
/// reports as missing. Terms the rule language cannot express (`?` or inner `*` globs, LIWC
/// conditional entries) are skipped with a warning naming their line.
public enum DictionaryImporter {
    public enum Format: String, Sendable, CaseIterable {
        case quanteda, liwc
    }

    /// The result: codebook YAML ready to save and the notes about what was skipped.
    public struct Output: Sendable {
        public var yaml: String
        public var warnings: [Diagnostic]
    }

    /// A category read from a dictionary.
    struct Category {
        var id: String
        var label: String
        var parent: String?
        var terms: [String]
    }

    public static func convert(text: String, file: String, format: Format, codebookID: String) throws(DiagnosticError) -> Output {
        var warnings: [Diagnostic] = []
        let categories: [Category]
        switch format {
        case .quanteda: categories = try quanteda(text, file: file, warnings: &warnings)
        case .liwc: categories = try liwc(text, file: file, warnings: &warnings)
        }
        guard !categories.isEmpty else {
            throw DiagnosticError(
                Diagnostic(.error, stage: "import", at: SourceLocation(file: file), "no categories found in the dictionary",
                           hint: "check --format (quanteda or liwc)"))
        }
        // Only the file's own name goes into the codebook, not the folders it sits in.
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return Output(yaml: render(categories, codebookID: codebookID, source: name), warnings: warnings)
    }

    /// A code id from a category name: lower case, runs of other characters become `-`.
    public static func slug(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "category" : out
    }

    /// Keeps terms the rule language can express; warns about the rest.
    static func usable(_ term: String, file: String, line: Int?, warnings: inout [Diagnostic]) -> String? {
        let trimmed = term.trimmingCharacters(in: .whitespaces)
        switch TermPattern.parse(trimmed) {
        case .success where !trimmed.contains("?"):
            return trimmed
        default:
            warnings.append(
                Diagnostic(
                    .warning, stage: "import", at: SourceLocation(file: file, line: line),
                    "skipped term '\(trimmed)': only a '*' at the end of a word is supported",
                    hint: "rewrite it by hand as several terms or a 'regex:' rule"))
            return nil
        }
    }

    static func quanteda(_ text: String, file: String, warnings: inout [Diagnostic]) throws(DiagnosticError) -> [Category] {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return [] }
            root = node
        } catch {
            throw DiagnosticError(
                Diagnostic(.error, stage: "import", at: SourceLocation(file: file), "the dictionary is not valid YAML",
                           hint: "quanteda dictionaries are nested 'key: [terms]' mappings"))
        }
        var categories: [Category] = []
        func walk(_ node: Node, name: String, parent: String?) {
            let id = parent.map { "\($0)-\(slug(name))" } ?? slug(name)
            if let mapping = node.mapping {
                categories.append(Category(id: id, label: name, parent: parent, terms: []))
                for (key, value) in mapping { walk(value, name: key.string ?? "category", parent: id) }
            } else {
                let items = node.sequence.map { Array($0) } ?? [node]
                let terms = items.compactMap { item -> String? in
                    guard let s = item.string else { return nil }
                    return usable(s, file: file, line: item.mark?.line, warnings: &warnings)
                }
                categories.append(Category(id: id, label: name, parent: parent, terms: terms))
            }
        }
        guard let mapping = root.mapping else {
            throw DiagnosticError(
                Diagnostic(.error, stage: "import", at: SourceLocation(file: file, line: 1), "the dictionary must be a mapping of categories",
                           hint: "quanteda dictionaries are nested 'key: [terms]' mappings"))
        }
        for (key, value) in mapping { walk(value, name: key.string ?? "category", parent: nil) }
        return categories
    }

    static func liwc(_ text: String, file: String, warnings: inout [Diagnostic]) throws(DiagnosticError) -> [Category] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var percentLines = 0
        var names: [String: String] = [:]
        var order: [String] = []
        var terms: [String: [String]] = [:]
        for (offset, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line == "%" {
                percentLines += 1
                continue
            }
            let fields = line.contains("\t")
                ? line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
                : line.split(separator: " ").map(String.init)
            if percentLines == 1 {
                guard fields.count >= 2, Int(fields[0]) != nil else {
                    throw DiagnosticError(
                        Diagnostic(.error, stage: "import", at: SourceLocation(file: file, line: offset + 1),
                                   "expected 'number<TAB>category' in the category block", hint: "check the LIWC header between the '%' lines"))
                }
                names[fields[0]] = fields[1]
                order.append(fields[0])
            } else if percentLines >= 2 {
                guard fields.count >= 2 else { continue }
                let numbers = fields.dropFirst()
                if numbers.contains(where: { Int($0) == nil }) {
                    warnings.append(
                        Diagnostic(.warning, stage: "import", at: SourceLocation(file: file, line: offset + 1),
                                   "skipped conditional LIWC entry", hint: "add it by hand with 'near:' or 'followed_by:'"))
                    continue
                }
                guard let term = usable(fields[0], file: file, line: offset + 1, warnings: &warnings) else { continue }
                for number in numbers {
                    guard names[number] != nil else {
                        warnings.append(
                            Diagnostic(.warning, stage: "import", at: SourceLocation(file: file, line: offset + 1),
                                       "category \(number) is not declared in the header", hint: "add it to the header"))
                        continue
                    }
                    terms[number, default: []].append(term)
                }
            }
        }
        guard percentLines >= 2 else {
            throw DiagnosticError(
                Diagnostic(.error, stage: "import", at: SourceLocation(file: file, line: 1),
                           "a LIWC dictionary starts with a '%' line, the categories, and another '%' line",
                           hint: "check --format"))
        }
        return order.map { number in
            let name = names[number] ?? number
            return Category(id: "liwc-" + slug(name), label: name, parent: nil, terms: terms[number] ?? [])
        }
    }

    static func render(_ categories: [Category], codebookID: String, source: String) -> String {
        func scalar(_ s: String) -> Node { Node(s) }
        func map(_ pairs: [(String, Node)]) -> Node { Node.mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) })) }
        func seq(_ nodes: [Node]) -> Node { Node.sequence(Node.Sequence(nodes)) }
        var seenIDs = Set<String>()
        let codes: [Node] = categories.map { category in
            var id = category.id
            var n = 2
            while !seenIDs.insert(id).inserted {
                id = "\(category.id)-\(n)"
                n += 1
            }
            var pairs: [(String, Node)] = [("id", scalar(id)), ("label", scalar(category.label))]
            if let parent = category.parent { pairs.append(("parent", scalar(parent))) }
            pairs.append(("kind", scalar("other")))
            pairs.append(("description", scalar("Imported from \(source)")))
            if !category.terms.isEmpty {
                var unique: [String] = []
                for term in category.terms where !unique.contains(term) { unique.append(term) }
                pairs.append(("rules", seq([map([("keywords", seq(unique.map(scalar)))])])))
                pairs.append((
                    "examples",
                    map([
                        ("match", seq([scalar("TODO: a sentence this code should match")])),
                        ("no_match", seq([scalar("TODO: a sentence this code should not match")])),
                    ])
                ))
            }
            return map(pairs)
        }
        let root = map([
            ("codebook", map([("id", scalar(codebookID)), ("version", scalar("0.1")),
                              ("description", scalar("Imported from \(source); review every code."))])),
            ("codes", seq(codes)),
        ])
        return (try? Yams.serialize(node: root, allowUnicode: true)) ?? ""
    }
}
