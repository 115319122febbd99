/// Which codes a code's rules depend on (`code:` and `within_code:`), in an order where
/// every code comes after the codes it uses, and the first circle if there is one.
struct CodeGraph {
    /// Per code index, the indices of the codes its rules read.
    let dependencies: [[Int]]
    let ids: [String]

    init(_ codes: [CodeDefinition]) {
        var index: [String: Int] = [:]
        for (i, code) in codes.enumerated() where index[code.id] == nil { index[code.id] = i }
        ids = codes.map(\.id)
        dependencies = codes.map { code in
            var deps: [Int] = []
            for rule in code.rules {
                var names = CodeGraph.references(in: rule.node)
                if let within = rule.withinCode { names.append(within) }
                for name in names {
                    if let i = index[name], !deps.contains(i) { deps.append(i) }
                }
            }
            return deps
        }
    }

    static func references(in node: RuleNode) -> [String] {
        switch node {
        case .code(let id, _): [id]
        case .all(let c), .any(let c), .sameSentence(let c): c.flatMap(references)
        case .not(let child): references(in: child)
        case .terms, .regex, .near: []
        }
    }

    /// Code indices with dependencies first (stable: otherwise in file order).
    func order() -> [Int] {
        var state = [UInt8](repeating: 0, count: ids.count)  // 0 new, 1 visiting, 2 done
        var result: [Int] = []
        func visit(_ i: Int) {
            guard state[i] == 0 else { return }
            state[i] = 1
            for d in dependencies[i] { visit(d) }
            state[i] = 2
            result.append(i)
        }
        for i in ids.indices { visit(i) }
        return result
    }

    /// The first circle of references as ids (`a -> b -> a`), if any.
    func cycle() -> [String]? {
        var state = [UInt8](repeating: 0, count: ids.count)
        var stack: [Int] = []
        func visit(_ i: Int) -> [String]? {
            if state[i] == 2 { return nil }
            if state[i] == 1 {
                let from = stack.firstIndex(of: i) ?? 0
                return (stack[from...] + [i]).map { ids[$0] }
            }
            state[i] = 1
            stack.append(i)
            for d in dependencies[i] {
                if let found = visit(d) { return found }
            }
            stack.removeLast()
            state[i] = 2
            return nil
        }
        for i in ids.indices {
            if let found = visit(i) { return found }
        }
        return nil
    }
}
