import CiviLang

extension ProgramEmitter {
    /// `x = v`, `x += v`, `r.a[i] = v`: a path assignment builds a changed copy and rebinds the
    /// variable, so other copies of the value never change (civi's value semantics).
    func assignment(_ target: Expr, _ op: AssignOp?, _ valueExpr: Expr) throws {
        var path: [(key: String, isField: Bool)] = []
        var root = target
        while true {
            if case .field(let base, let f) = root.kind {
                path.insert((dialect.string(f), true), at: 0)
                root = base
            } else if case .index(let base, let i) = root.kind {
                var key = try expr(i)
                // An index expression runs once: a compound assignment both reads and writes through it.
                switch i.kind {
                case .literal, .name, .it: break
                default:
                    let t = state.fresh("key")
                    line(dialect.assign(t, key, isNew: true))
                    key = t
                }
                path.insert((key, false), at: 0)
                root = base
            } else {
                break
            }
        }
        guard case .name(let n) = root.kind else {
            throw state.unsupported("an assignment to this kind of target", at: target.range)
        }
        var v = try expr(valueExpr)
        let (name, isNew) = state.assignee(n)
        if !isNew, state.functionArity[name] != nil, !dialect.namedFunctionsAreVariables {
            throw state.unsupported("an assignment to the function `\(n)`", at: target.range,
                                    hint: "in \(dialect.displayName) a `fn` is a declaration: give the new value its own name")
        }
        if let op {
            if isNew { throw state.tree.error("`\(n)` is not defined", at: root.range) }
            var current = name
            for step in path { current = call(step.isField ? "field" : "index", [current, step.key]) }
            let helper = switch op.binary { case .add: "add"; case .sub: "sub"; case .mul: "mul"; default: "div" }
            v = call(helper, [current, v])
        }
        if path.isEmpty {
            line(dialect.assign(name, v, isNew: isNew))
        } else {
            line(dialect.assign(name, call("assign", [name, dialect.list(path.map(\.key)), v]), isNew: isNew))
        }
    }
}
