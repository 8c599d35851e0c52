import CiviCore
import CiviLang

extension PythonEmitter {
    /// civi built-ins and the runtime function each one is.
    static let builtins: [String: String] = {
        var out: [String: String] = [:]
        for n in ["print", "eprint", "len", "keys", "values", "has", "str", "int", "float", "type", "lower", "upper", "trim",
                  "split", "join", "replace", "starts_with", "ends_with", "contains", "range", "now", "date", "days", "hours",
                  "minutes", "seconds", "env", "read_json", "read_csv", "read_text", "write_json", "write_csv", "write_text",
                  "assert", "sleep", "exit", "fail"] {
            out[n] = "civi_" + n
        }
        out["error"] = "fail_with"
        return out
    }()

    func call(_ callee: Expr, _ arguments: [Argument], at range: SourceRange, input: String? = nil) throws -> String {
        guard case .name(let n) = callee.kind, state.lookup(n) == nil else {
            let f = try expr(callee)
            var args = input.map { [$0] } ?? []
            for a in arguments {
                if a.name != nil { throw state.unsupported("a named argument of a function value", at: a.range) }
                args.append(try expr(a.value))
            }
            if case .name = callee.kind { return "\(f)(\(args.joined(separator: ", ")))" }
            return "\(state.helper("call"))(\(([f] + args).joined(separator: ", ")))"
        }
        if APIPlan.functionNames.contains(n) { return try apiCall(n, arguments, at: range, input: input) }
        var args = input.map { [$0] } ?? []
        for a in arguments {
            if let label = a.name { throw state.unsupported("the named argument `\(label):` of \(n)()", at: a.range) }
            args.append(try expr(a.value))
        }
        if let helper = PythonEmitter.builtins[n] { return "\(state.helper(helper))(\(args.joined(separator: ", ")))" }
        return "\(state.safe(n))(\(args.joined(separator: ", ")))"
    }

    func apiCall(_ n: String, _ arguments: [Argument], at range: SourceRange, input: String? = nil,
                 pushdown: Expr? = nil) throws -> String {
        if APIPlan.writeNames.contains(n) { state.writes = true }
        if input == nil, var plan = APIPlan.listing(n, arguments, source: state.tree.text) {
            if let pushdown { plan = APIPlan.pushingDown(pushdown, into: plan, function: n) }
            return try listing(plan)
        }
        var args = input.map { [$0] } ?? []
        for a in arguments {
            if let label = a.name { throw state.unsupported("the named argument `\(label):` of \(n)()", at: a.range) }
            args.append(try expr(a.value))
        }
        let joined = args.joined(separator: ", ")
        if let r = APIPlan.resources.first(where: { $0.singular == n }) {
            return "\(state.helper("fetch_one"))(\(str(r.name)), \(joined))"
        }
        if let r = APIPlan.resources.first(where: { "create_" + $0.singular == n }) {
            return "\(state.helper("create"))(\(str(r.name)), \(joined))"
        }
        switch n {
        case "update", "delete": return "\(state.helper(n))(\(joined))"
        case "get": return "\(state.helper("civi_get"))(\(joined))"
        case "post", "put", "patch": return "\(state.helper("raw"))(\(str(n.uppercased())), \(joined))"
        case "request": return "\(state.helper("raw"))(\(joined))"
        default: throw state.unsupported("\(n)() with a piped input", at: range)
        }
    }

    func listing(_ plan: APIPlan.Listing) throws -> String {
        if let failure = plan.failure { return "\(state.helper("fail_with"))(\(str(failure)))" }
        var path = str(plan.path)
        if let sub = plan.subList {
            let id = "\(state.helper("id_of"))(\(try expr(sub.parent)), \(str(sub.function + "()")))"
            path = "\(path) + \(state.helper("path_segment"))(\(id)) + \(str(sub.suffix))"
        }
        var filters: [String] = []
        for (name, value) in plan.filters {
            switch value {
            case .encoded(let text): filters.append("(\(str(name)), \(str(text)))")
            case .dynamic(let e, let kind, let choices, let label):
                let extra = choices.isEmpty ? "" : ", (" + choices.map(str).joined(separator: ", ") + ",)"
                filters.append("(\(str(name)), \(state.helper("encode_filter"))(\(str(label)), \(str(kind)), \(try expr(e))\(extra)))")
            }
        }
        return "\(state.helper("Query"))(\(path), [\(filters.joined(separator: ", "))], \(str(plan.label)))"
    }

    // MARK: pipelines

    func pipeline(_ input: Expr, _ stage: Stage) throws -> String {
        var source: String
        if case .filter(let predicate) = stage.kind, case .call(let callee, let args) = input.kind, case .name(let n) = callee.kind,
           state.lookup(n) == nil, APIPlan.table.resources.contains(where: { $0.name == n }) {
            source = try apiCall(n, args, at: input.range, pushdown: predicate)
        } else {
            source = try expr(input)
        }
        func h(_ name: String) -> String { state.helper(name) }
        switch stage.kind {
        case .filter(let p): return "\(h("where"))(\(source), \(try stageFunction(p)))"
        case .map(let e): return "\(h("map_each"))(\(source), \(try stageFunction(e)))"
        case .select(let fields): return "\(h("select"))(\(source), [\(fields.map(str).joined(separator: ", "))])"
        case .sort(let key, let descending):
            let k = try key.map { k throws in try stageFunction(k) } ?? "None"
            return "\(h("sort_by"))(\(source), \(k), \(descending ? "True" : "False"))"
        case .take(let n): return "\(h("take"))(\(source), \(try expr(n)))"
        case .skip(let n): return "\(h("skip"))(\(source), \(try expr(n)))"
        case .first: return "\(h("first"))(\(source))"
        case .last: return "\(h("last"))(\(source))"
        case .count: return "\(h("count"))(\(source))"
        case .flatten: return "\(h("flatten"))(\(source))"
        case .collect: return "\(h("collect"))(\(source))"
        case .sum(let k), .avg(let k), .min(let k), .max(let k):
            let kind = switch stage.kind { case .sum: "sum"; case .avg: "avg"; case .min: "min"; default: "max" }
            let key = try k.map { k throws in try stageFunction(k) } ?? "None"
            return "\(h("aggregate"))(\(source), \(str(kind)), \(key))"
        case .group(let k): return "\(h("group"))(\(source), \(try stageFunction(k)))"
        case .unique(let k):
            let key = try k.map { k throws in try stageFunction(k) } ?? "None"
            return "\(h("unique"))(\(source), \(key))"
        case .each(let e): return "\(h("each"))(\(source), \(try stageFunction(e)))"
        case .parallel(let n, let e): return "\(h("parallel"))(\(source), \(try expr(n)), \(try stageFunction(e)))"
        case .render(let kind):
            guard kind != "table" else {
                throw state.unsupported("the `table` stage", at: stage.range, hint: "use `json` or `csv`, or print the records")
            }
            return "\(h("render"))(\(source), \(str(kind)))"
        case .save(let path): return "\(h("save"))(\(source), \(try expr(path)))"
        case .call(let callee, let args): return try call(callee, args, at: stage.range, input: source)
        }
    }

    /// A stage's argument as a function of the element: a lambda or named function is passed
    /// as itself; any other expression becomes `lambda it: ...` (`.field` reads `it`).
    func stageFunction(_ e: Expr) throws -> String {
        switch e.kind {
        case .lambda(let params, let body):
            return try function(params, body.statements)
        case .name(let n):
            if state.lookup(n) == nil, let helper = PythonEmitter.builtins[n] { return state.helper(helper) }
            if let (t, _) = state.lookup(n) {
                return "(lambda it: \(state.helper("applied"))(\(t), it))"
            }
            return try function([], [Stmt(kind: .expr(e), range: e.range)], parameterNames: ["it"])
        default:
            return try function([], [Stmt(kind: .expr(e), range: e.range)], parameterNames: ["it"])
        }
    }
}
