import CiviCore
import CiviLang

extension PythonEmitter {
    /// The Python expression for `e`; statements it needs first (an `if` with statements in a
    /// branch, a `try`) are written to the current function before it.
    func expr(_ e: Expr) throws -> String {
        switch e.kind {
        case .literal(let v):
            return try literal(v, at: e.range)
        case .interpolated(let parts):
            var pieces: [String] = []
            for p in parts {
                switch p {
                case .text(let t): pieces.append(str(t))
                case .expr(let x): pieces.append(try expr(x))
                }
            }
            return "\(state.helper("interpolate"))(\(pieces.joined(separator: ", ")))"
        case .name(let n):
            return try name(n, at: e.range)
        case .it:
            return "it"
        case .field(let base, let f):
            return "\(state.helper("field"))(\(try expr(base)), \(str(f)))"
        case .index(let base, let i):
            return "\(state.helper("index"))(\(try expr(base)), \(try expr(i)))"
        case .call(let callee, let args):
            return try call(callee, args, at: e.range)
        case .negate(let x):
            if case .literal(.int(let i)) = x.kind { return String(-i) }
            if case .literal(.float(let d)) = x.kind { return try literal(.float(-d), at: e.range) }
            return "\(state.helper("neg"))(\(try expr(x)))"
        case .not(let x):
            return "(not \(try cond(x)))"
        case .binary(let op, let l, let r):
            let a = try expr(l), b = try expr(r)
            switch op {
            case .add: return "\(state.helper("add"))(\(a), \(b))"
            case .sub: return "\(state.helper("sub"))(\(a), \(b))"
            case .mul: return "\(state.helper("mul"))(\(a), \(b))"
            case .div: return "\(state.helper("div"))(\(a), \(b))"
            case .rem: return "\(state.helper("rem"))(\(a), \(b))"
            case .eq: return "\(state.helper("eq"))(\(a), \(b))"
            case .ne: return "\(state.helper("ne"))(\(a), \(b))"
            case .lt: return "\(state.helper("lt"))(\(a), \(b))"
            case .le: return "\(state.helper("le"))(\(a), \(b))"
            case .gt: return "\(state.helper("gt"))(\(a), \(b))"
            case .ge: return "\(state.helper("ge"))(\(a), \(b))"
            case .in: return "\(state.helper("member"))(\(a), \(b))"
            case .match: return "\(state.helper("matches"))(\(a), \(b))"
            }
        case .and(let l, let r):
            return "(\(try cond(l)) and \(try lazyValue { () throws in try cond(r) }))"
        case .or(let l, let r):
            return "(\(try cond(l)) or \(try lazyValue { () throws in try cond(r) }))"
        case .coalesce(let l, let r):
            let a = try expr(l)
            let b = try lazyValue { () throws in try expr(r) }
            return "\(state.helper("coalesce"))(\(a), lambda: \(b))"
        case .list(let items):
            var out: [String] = []
            for x in items { out.append(try expr(x)) }
            return "[" + out.joined(separator: ", ") + "]"
        case .record(let fields):
            var out: [String] = []
            for (k, x) in fields { out.append("\(str(k)): \(try expr(x))") }
            return "{" + out.joined(separator: ", ") + "}"
        case .lambda(let params, let body):
            return try function(params, body.statements)
        case .ifElse(let branches, let otherwise):
            if isSimple(e) {
                var text = "None"
                if let otherwise, case .expr(let x)? = otherwise.statements.first?.kind { text = try lazyValue { () throws in try expr(x) } }
                for (c, body) in branches.reversed() {
                    guard case .expr(let x)? = body.statements.first?.kind else { continue }
                    let v = try lazyValue { () throws in try expr(x) }
                    text = "(\(v) if \(try cond(c)) else \(text))"
                }
                return text
            }
            let t = state.fresh("value")
            try ifStatement(branches[...], otherwise, destination: .assign(t))
            return t
        case .tryCatch(let body, let n, let handler):
            let t = state.fresh("value")
            try tryStatement(body, n, handler, destination: .assign(t))
            return t
        case .pipeline(let input, let stage):
            return try pipeline(input, stage)
        }
    }

    /// A Python truth value for a civi condition (only null and false are false).
    func cond(_ e: Expr) throws -> String {
        switch e.kind {
        case .binary(let op, _, _) where [.eq, .ne, .lt, .le, .gt, .ge, .in, .match].contains(op): return try expr(e)
        case .and, .or, .not, .literal(.bool): return try expr(e)
        default: return "\(state.helper("truthy"))(\(try expr(e)))"
        }
    }

    /// An `if` expression whose branches are one expression each (a Python conditional expression).
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
        f.lines.append("return \(result)")
        try define(name, parameters: [], function: f)
        return "\(name)()"
    }

    /// A civi lambda as a Python lambda, or as a local function when its body has statements.
    func function(_ params: [String], _ statements: [Stmt], parameterNames: [String]? = nil) throws -> String {
        var names: [String] = []
        let f = try state.function {
            try state.scope {
                names = parameterNames ?? params.map { state.bind($0) }
                try block(statements, destination: .returns)
            }
        }
        if f.lines.count == 1, f.outerAssigned.isEmpty, f.lines[0].hasPrefix("return ") {
            return "(lambda \(names.joined(separator: ", ")): \(f.lines[0].dropFirst(7)))"
        }
        let name = state.fresh("fn")
        try define(name, parameters: names, function: f)
        return name
    }

    func name(_ n: String, at range: SourceRange) throws -> String {
        if let (t, _) = state.lookup(n) { return t }
        if n == "args" { return state.helper("ARGS") }
        if let helper = PythonEmitter.builtins[n] { return state.helper(helper) }
        if APIPlan.functionNames.contains(n) {
            throw state.unsupported("the API function `\(n)` used as a value", at: range,
                                    hint: "call it in a lambda instead: x => \(n)(x)")
        }
        return state.safe(n)
    }

    func literal(_ v: Value, at range: SourceRange) throws -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "float(\"nan\")" }
            if d.isInfinite { return d < 0 ? "float(\"-inf\")" : "float(\"inf\")" }
            return d.description
        case .string(let s): return str(s)
        case .list(let xs):
            var out: [String] = []
            for x in xs { out.append(try literal(x, at: range)) }
            return "[" + out.joined(separator: ", ") + "]"
        default:
            throw state.unsupported("a \(v.typeName) literal", at: range)
        }
    }
}

/// `s` as a Python string literal (double quotes; control characters escaped).
func str(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 || u.value == 0x7F || (0xD800...0xDFFF).contains(u.value) {
                out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
