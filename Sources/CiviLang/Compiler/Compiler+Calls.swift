import CiviCore

/// Calls and assignments.
extension Compiler {
    func call(_ callee: Expr, _ args: [Argument], _ range: SourceRange) -> Code {
        let f = expression(callee)
        let positional = args.filter { $0.name == nil }.map { Compiled(run: expression($0.value)) }
        let named = args.filter { $0.name != nil }.map { ($0.name ?? "", Compiled(run: expression($0.value))) }
        if let firstNamed = args.firstIndex(where: { $0.name != nil }), args[firstNamed...].contains(where: { $0.name == nil }) {
            return fail("positional arguments must come before named ones", args[firstNamed].range)
        }
        let source = self.source
        let count = positional.count
        let fill = argumentFiller(positional)
        return { ctx, frame in
            let fv = try f(ctx, frame)
            guard case .function(let fn) = fv else { throw notCallable(fv, range, source) }
            if named.isEmpty, let c = Closure.cast(fn), c.arity == count {
                guard c.captured == nil else {
                    let callee = Frame.make(count: c.slotCount, parent: c.captured)
                    try fill(ctx, frame, callee)
                    return try at(range, source) { try ctx.invoke(c, callee) }
                }
                var callee = ctx.spares.take(c.slotCount)
                try fill(ctx, frame, callee)
                let v = try at(range, source) { try ctx.invoke(c, callee) }
                ctx.spares.give(&callee)
                return v
            }
            return try generalCall(ctx, frame, fn, positional, named, range, source)
        }
    }
}

/// Calls with named arguments, of built-ins, or with a wrong argument count (out of line, so the
/// fast path's stack frame stays small for deep recursion).
@inline(never)
func generalCall(_ ctx: Context, _ frame: Frame, _ fn: any FunctionObject, _ positional: [Compiled],
                 _ named: [(String, Compiled)], _ range: SourceRange, _ source: SourceFile) throws -> Value {
    var values: [Value] = []
    values.reserveCapacity(positional.count)
    for p in positional { values.append(try p.run(ctx, frame)) }
    var pairs: [(name: String, value: Value)] = []
    for (n, c) in named { pairs.append((n, try c.run(ctx, frame))) }
    return try at(range, source) { try ctx.call(fn, values, named: pairs) }
}

/// The error for calling a value that is not a function (out of line: a cold path).
@inline(never)
func notCallable(_ v: Value, _ range: SourceRange, _ source: SourceFile) -> any Error {
    Fault("\(v.typeName) is not a function", hint: "only functions can be called with (...)").located(range, in: source)
}

extension Compiler {
    /// Evaluates arguments straight into the callee's frame (specialised for few arguments).
    func argumentFiller(_ args: [Compiled]) -> (Context, Frame, Frame) throws -> Void {
        switch args.count {
        case 0: return { _, _, _ in }
        case 1:
            let a = args[0].run
            return { ctx, frame, callee in callee[0] = try a(ctx, frame) }
        case 2:
            let a = args[0].run, b = args[1].run
            return { ctx, frame, callee in
                callee[0] = try a(ctx, frame)
                callee[1] = try b(ctx, frame)
            }
        default:
            return { ctx, frame, callee in
                for k in 0..<args.count { callee[k] = try args[k].run(ctx, frame) }
            }
        }
    }

    func assignment(_ target: Expr, _ op: AssignOp?, _ value: Expr, _ range: SourceRange) -> Code {
        let rhs = expression(value)
        let source = self.source, regexes = runtime.regexes
        let combine: ((Value, Value) throws -> Value)? = op.map { op in
            { old, new in try Operators.apply(op.binary, old, new, regexes: regexes) }
        }
        // Collect the path from the root variable: a.b[0].c → root a, steps [.b, [0], .c].
        var steps: [PathStep] = []
        var node = target
        while true {
            switch node.kind {
            case .field(let base, let name):
                steps.insert(.field(name), at: 0)
                node = base
                continue
            case .index(let base, let index):
                steps.insert(.index(expression(index)), at: 0)
                node = base
                continue
            default: break
            }
            break
        }
        guard case .name(let name) = node.kind else { return fail("cannot assign to this expression", target.range) }
        if steps.isEmpty {
            if let combine {
                let read = self.read(name, node.range)
                let res = bind(name)
                let write = writer(res, name: name, range: node.range)
                return { ctx, frame in
                    let old = try read(ctx, frame), new = try rhs(ctx, frame)
                    let v = try at(range, source) { try combine(old, new) }
                    try write(ctx, frame, v)
                    return .null
                }
            }
            let write = writer(bind(name), name: name, range: node.range)
            return { ctx, frame in
                try write(ctx, frame, try rhs(ctx, frame))
                return .null
            }
        }
        let res: Resolution
        if let r = scope.resolveLocal(name) {
            res = r
        } else if let i = globals.index[name] {
            res = .global(i)
        } else {
            return fail("unknown variable `\(name)`", node.range, hint: "assign the whole value first, e.g. `\(name) = {}`")
        }
        let modify = modifier(res, name: name, range: node.range)
        let read = reader(res, name: name, range: node.range)
        return { ctx, frame in
            let new = try rhs(ctx, frame)
            var path: [Access.Step] = []
            for s in steps {
                switch s {
                case .field(let k): path.append(.field(k))
                case .index(let c): path.append(.index(try c(ctx, frame)))
                }
            }
            _ = try read(ctx, frame)
            try at(range, source) {
                try modify(ctx, frame) { root in
                    try Access.update(&root, path[...]) { old in try combine?(old, new) ?? new }
                }
            }
            return .null
        }
    }
}

/// A step of an assignment target, with index expressions still to evaluate.
enum PathStep {
    case field(String)
    case index(Code)
}
