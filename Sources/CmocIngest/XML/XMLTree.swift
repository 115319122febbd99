/// An XML document copied out of libxml2 into plain Swift values, so no C pointer outlives the
/// parse and readers are pure functions over values.
struct XMLElement: Sendable {
    /// Local name (no prefix).
    var name: String
    var namespace: String?
    /// Attributes as `prefix:local` when namespaced (`xml:id`), else local name, in document order.
    var attributes: [(name: String, value: String)]
    var children: [XMLNode]
    /// 1-based source line of the start tag.
    var line: Int

    func attribute(_ qualifiedName: String) -> String? {
        attributes.first(where: { $0.name == qualifiedName })?.value
    }

    var elements: [XMLElement] {
        children.compactMap { if case .element(let e) = $0 { return e } else { return nil } }
    }

    func elements(named local: String) -> [XMLElement] { elements.filter { $0.name == local } }

    func firstElement(named local: String) -> XMLElement? { elements.first { $0.name == local } }

    /// Every descendant element with this local name, in document order, not descending into
    /// matches (a `u` inside a `u` is reached through its parent).
    func descendants(named local: String, skipping skipped: Set<String> = []) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ e: XMLElement) {
            for case .element(let child) in e.children where !skipped.contains(child.name) {
                if child.name == local { found.append(child) } else { walk(child) }
            }
        }
        walk(self)
        return found
    }

    /// The element's text with `skipped` subtrees left out; `breaking` elements are separated
    /// from their neighbours by a space (words, segments), others flow inline. Whitespace folded.
    func text(skipping skipped: Set<String> = [], breaking: Set<String> = []) -> String {
        // Most utterances are one text node: fold it without gathering.
        if children.count == 1, case .text(let t) = children[0] { return ByteText.collapsed(t) }
        var out: [UInt8] = []
        func walk(_ e: XMLElement) {
            for child in e.children {
                switch child {
                case .text(let t): out.append(contentsOf: t.utf8)
                case .element(let c):
                    guard !skipped.contains(c.name) else {
                        out.append(0x20)
                        continue
                    }
                    let breaks = breaking.contains(c.name)
                    if breaks { out.append(0x20) }
                    walk(c)
                    if breaks { out.append(0x20) }
                }
            }
        }
        walk(self)
        return ByteText.collapsed(out[...])
    }
}

/// A child of an element: an element or character data (text and CDATA).
enum XMLNode: Sendable {
    case element(XMLElement)
    case text(String)
}
