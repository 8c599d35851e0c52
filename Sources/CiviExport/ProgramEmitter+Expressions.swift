import CiviCore
import CiviLang

extension ProgramEmitter {
    /// The target expression for `e`; statements it needs first (an `if` with statements in a
    /// branch, a `try`) are written to the current function before it.
    func expr(_ e: Expr) throws -> String {
        try state.at(e.range) { try expressionBody(e) }
    }

    private func expressionBody(_ e: Expr) throws -> String {
        switch e.kind {
        case .literal(let v):
            return try literal(v, at: e.range)
        case .interpolated(let parts):
            var pieces: [String] = []
            for p in parts {
                switch p {
                case .text(let t): pieces.append(dialect.string(t))
                case .expr(let x): pieces.append(try expr(x))
                }
            }
            return call("interpolate", pieces)
        case .name(let n):
            return try name(n, at: e.range)
        case .it:
            return "it"
        case .field(let base, let f):
            return call("field", [try expr(base), dialect.string(f)])
        case .optionalField(let base, let f):
            return call("field_or_null", [try expr(base), dialect.string(f)])
        case .slice(let base, let from, let to):
            let none = dialect.literal(.null)!
            return call("slice_of", [try expr(base), try from.map { try expr($0) } ?? none, try to.map { try expr($0) } ?? none])
        case .index(let base, let i):
            return call("index", [try expr(base), try expr(i)])
        case .call(let callee, let args):
            return try call(callee, args, at: e.range)
        case .negate(let x):
            if case .literal(.int(let i)) = x.kind, i != Int.min { return try literal(.int(-i), at: e.range) }
            if case .literal(.float(let d)) = x.kind { return try literal(.float(-d), at: e.range) }
            return call("neg", [try expr(x)])
        case .not(let x):
            return dialect.not(try cond(x))
        case .binary(let op, let l, let r):
            let a = try expr(l), b = try expr(r)
            let helper = switch op {
            case .add: "add"
            case .sub: "sub"
            case .mul: "mul"
            case .div: "div"
            case .rem: "rem"
            case .eq: "eq"
            case .ne: "ne"
            case .lt: "lt"
            case .le: "le"
            case .gt: "gt"
            case .ge: "ge"
            case .in: "member"
            case .match: "matches"
            }
            return call(helper, [a, b])
        case .and(let l, let r):
            return dialect.and(try cond(l), try lazyValue { try cond(r) })
        case .or(let l, let r):
            return dialect.or(try cond(l), try lazyValue { try cond(r) })
        case .coalesce(let l, let r):
            let a = try expr(l)
            let b = try lazyValue { try expr(r) }
            return call("coalesce", [a, dialect.lambda([], b)])
        case .list(let items):
            var out: [String] = []
            for x in items { out.append(try expr(x)) }
            return dialect.list(out)
        case .record(let fields):
            var out: [(key: String, value: String)] = []
            for (k, x) in fields { out.append((k, try expr(x))) }
            if !out.isEmpty { state.used.insert("record") }
            return dialect.record(out)
        case .lambda(let params, let body):
            return try function(params, body.statements)
        case .ifElse(let branches, let otherwise):
            if isSimple(e) {
                var text = dialect.literal(.null)!
                if let otherwise, case .expr(let x)? = otherwise.statements.first?.kind { text = try lazyValue { try expr(x) } }
                for (c, body) in branches.reversed() {
                    guard case .expr(let x)? = body.statements.first?.kind else { continue }
                    let v = try lazyValue { try expr(x) }
                    text = dialect.conditional(try cond(c), v, text)
                }
                return text
            }
            let t = state.fresh("value")
            if let d = dialect.declareTemp(t) { line(d) }
            try ifStatement(branches, otherwise, destination: .assign(t))
            return t
        case .tryCatch(let body, let n, let handler):
            let t = state.fresh("value")
            if let d = dialect.declareTemp(t) { line(d) }
            try tryStatement(body, n, handler, destination: .assign(t))
            return t
        case .pipeline(let input, let stage):
            return try pipeline(input, stage)
        }
    }

    /// A call of the runtime helper `name`.
    func call(_ name: String, _ arguments: [String]) -> String {
        dialect.helperCall(state.helper(name), arguments)
    }

    /// A target truth value for a civi condition (only null and false are false).
    func cond(_ e: Expr) throws -> String {
        isTruthValue(e) ? try expr(e) : call("truthy", [try expr(e)])
    }

    /// Whether `e`'s target value is already a target boolean (a comparison, `and`, `or`, `not`, a bool).
    func isTruthValue(_ e: Expr) -> Bool {
        switch e.kind {
        case .binary(let op, _, _): [.eq, .ne, .lt, .le, .gt, .ge, .in, .match].contains(op)
        case .and, .or, .not, .literal(.bool): true
        default: false
        }
    }

    /// An `if` expression whose branches are one expression each (a conditional expression).
    func isSimple(_ e: Expr) -> Bool {
        guard case .ifElse(let branches, let otherwise) = e.kind else { return false }
        func one(_ b: Block) -> Bool {
            guard b.statements.count == 1, case .expr(let x) = b.statements[0].kind else { return false }
            if case .ifElse = x.kind { return isSimple(x) }
            if case .tryCatch = x.kind { return false }
            return true
        }
        return branches.allSatisfy { one($0.body) } && (otherwise.map(one) ?? true)
    }

    /// An expression evaluated only sometimes (right of `and`, `or`, `??`, a branch): when it
    /// needs statements, they go in a local function called in its place.
    func lazyValue(_ body: () throws -> String) throws -> String {
        var result = ""
        let f = try state.function { result = try body() }
        if f.lines.isEmpty, f.outerAssigned.isEmpty { return result }
        let name = state.fresh("thunk")
        f.lines.append(dialect.returnValue(result))
        define(name, parameters: [], function: f)
        return dialect.thunkCall(name)
    }

    /// A civi lambda as a target lambda, or as a local function when its body has statements.
    func function(_ params: [String], _ statements: [Stmt], parameterNames: [String]? = nil) throws -> String {
        switch try functionPieces(params, statements, parameterNames: parameterNames) {
        case .expression(let names, let body): return dialect.lambda(names, body)
        case .written(let value): return value
        }
    }

    /// What a civi function became.
    enum FunctionPieces {
        /// One expression over its parameters (nothing written yet: the caller spells it).
        case expression(parameters: [String], body: String)
        /// A local function already written; its value.
        case written(String)
    }

    /// A civi function as one expression over its parameters, or, when its body has statements, a
    /// local function written before the current statement.
    func functionPieces(_ params: [String], _ statements: [Stmt], parameterNames: [String]? = nil) throws -> FunctionPieces {
        var names: [String] = []
        let f = try state.function {
            try state.scope {
                names = parameterNames ?? params.map { state.bind($0) }
                try block(statements, destination: .returns)
            }
        }
        let ret = dialect.returnValue("")
        if f.lines.count == 1, f.outerAssigned.isEmpty, f.lines[0].hasPrefix(ret) {
            var body = String(f.lines[0].dropFirst(ret.count))
            if body.hasSuffix(";") { body.removeLast() }
            return .expression(parameters: names, body: body)
        }
        let name = state.fresh("fn")
        define(name, parameters: names, function: f)
        return .written(dialect.functionValue(name, arity: names.count))
    }

    func name(_ n: String, at range: SourceRange) throws -> String {
        if let (t, _) = state.lookup(n) { return state.functionArity[t].map { dialect.functionValue(t, arity: $0) } ?? t }
        if n == "args" { return state.helper("ARGS") }
        if let helper = ProgramEmitter.builtins[n] { return dialect.functionValue(state.helper(helper), arity: nil) }
        if APIPlan.functionNames.contains(n) { return try apiFunctionValue(n, at: range) }
        return state.safe(n)
    }

    func literal(_ v: Value, at range: SourceRange) throws -> String {
        if case .list(let xs) = v {
            var out: [String] = []
            for x in xs { out.append(try literal(x, at: range)) }
            return dialect.list(out)
        }
        if case .string(let s) = v { return dialect.string(s) }
        if case .record(let r) = v {
            var fields: [(key: String, value: String)] = []
            for (k, x) in r.pairs { fields.append((k, try literal(x, at: range))) }
            if !fields.isEmpty { state.used.insert("record") }
            return dialect.record(fields)
        }
        guard let text = dialect.literal(v) else { throw state.unsupported("a \(v.typeName) literal", at: range) }
        return text
    }
}
