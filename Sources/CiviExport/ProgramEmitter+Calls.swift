import CiviCore
import CiviLang

extension ProgramEmitter {
    /// civi built-ins and the runtime function each one is.
    static let builtins: [String: String] = {
        var out: [String: String] = [:]
        for n in ["print", "eprint", "len", "keys", "values", "has", "str", "int", "float", "type", "lower", "upper", "trim",
                  "split", "join", "replace", "starts_with", "ends_with", "contains", "range", "now", "date", "days", "hours",
                  "minutes", "seconds", "env", "read_json", "read_csv", "read_text", "write_json", "write_csv", "write_text",
                  "assert", "sleep", "exit", "fail", "format_date", "parse_date", "date_trunc"] {
            out[n] = "civi_" + n
        }
        out["error"] = "fail_with"
        return out
    }()

    func call(_ callee: Expr, _ arguments: [Argument], at range: SourceRange, input: String? = nil,
              inputRange: SourceRange? = nil) throws -> String {
        var args = input.map { [$0] } ?? []
        let namedCount = arguments.filter { $0.name != nil }.count
        let named = namedCount > 0
        guard case .name(let n) = callee.kind, state.lookup(n) == nil else {
            if case .name(let n) = callee.kind, let (t, _) = state.lookup(n), state.functionArity[t] == args.count + arguments.count,
               !arguments.contains(where: { $0.name != nil }) {
                for a in arguments { args.append(try expr(a.value)) }
                return dialect.directCall(t, args)
            }
            let f = try expr(callee)
            for a in arguments { args.append(try expr(a.value)) }
            if named {
                // No function value takes named arguments (list functions used as values are
                // refused alongside this, in `program(name:)`): civi's run-time error.
                state.callsWithNamedArguments = true
                let shown = if case .name(let v) = callee.kind { v } else { "<lambda>" }
                return call("refuse_call", [dialect.string("\(shown)() takes no named arguments")] + args)
            }
            if case .name = callee.kind { return dialect.userCall(f, args) }
            return call("call", [f] + args)
        }
        if APIPlan.functionNames.contains(n) {
            return try apiCall(n, arguments, at: range, input: input, inputRange: inputRange)
        }
        for a in arguments { args.append(try expr(a.value)) }
        if named { return refusal(n, arity: ProgramEmitter.builtinArity(n), args, positional: args.count - namedCount) }
        if n == "assert", let comparison = try assertComparison(arguments) { return comparison }
        if let helper = ProgramEmitter.builtins[n] { return call(helper, args) }
        // `args` is a list: calling it is civi's "list is not a function".
        if n == "args" { return call("call", [state.helper("ARGS")] + args) }
        if LanguageNames.builtins.contains(n) {
            throw state.unsupported("the built-in `\(n)()`", at: range, hint: "it has no counterpart in the exported runtime yet")
        }
        return dialect.userCall(state.safe(n), args)
    }

    /// `assert(left OP right [, message])` as a call that shows both sides when it fails (as civi
    /// does); nil when the condition is not a comparison.
    func assertComparison(_ arguments: [Argument]) throws -> String? {
        guard (1...2).contains(arguments.count), !arguments.contains(where: { $0.name != nil }),
              case .binary(let op, let l, let r) = arguments[0].value.kind,
              [BinaryOp.eq, .ne, .lt, .le, .gt, .ge].contains(op) else { return nil }
        var args = [dialect.string(op.rawValue), try expr(l), try expr(r), dialect.string(state.tree.text(of: arguments[0].value.range))]
        if arguments.count > 1 { args.append(try expr(arguments[1].value)) }
        return call("civi_assert_compare", args)
    }

    func apiCall(_ n: String, _ arguments: [Argument], at range: SourceRange, input: String? = nil,
                 inputRange: SourceRange? = nil, pushdown: Expr? = nil) throws -> String {
        if APIPlan.writeNames.contains(n) { state.writes = true }
        if input == nil, var plan = APIPlan.listing(n, arguments, source: state.tree.text) {
            if let pushdown { plan = APIPlan.pushingDown(pushdown, into: plan, function: n) }
            return try listing(plan)
        }
        if let input, APIPlan.table.subList(named: n) != nil, !arguments.contains(where: { $0.name == nil }) {
            return try pipedSubList(n, arguments, input: input, inputRange: inputRange ?? range)
        }
        var args = input.map { [$0] } ?? []
        for a in arguments { args.append(try expr(a.value)) }
        let namedCount = arguments.filter { $0.name != nil }.count
        if namedCount > 0 { return refusal(n, arity: ProgramEmitter.apiArity(n), args, positional: args.count - namedCount) }
        if let r = APIPlan.resources.first(where: { $0.singular == n }) {
            return call("fetch_one", [dialect.string(r.name)] + args)
        }
        if let r = APIPlan.resources.first(where: { "create_" + $0.singular == n }) {
            return call("create", [dialect.string(r.name)] + args)
        }
        switch n {
        case "update": return call("update", args)
        case "delete": return call("delete_record", args)
        case "get": return call("civi_get", args)
        case "post", "put", "patch": return call("raw", [dialect.string(n.uppercased())] + args)
        case "request": return call("raw", args)
        default:
            // A list function with a count of arguments it cannot take (`x | advocates`): civi's error.
            let message = ProgramEmitter.arityMessage(n, ProgramEmitter.apiArity(n), args.count)
            return call("refuse_call", [dialect.string(message)] + args)
        }
    }

    func listing(_ plan: APIPlan.Listing) throws -> String {
        if let failure = plan.failure { return call("fail_with", [dialect.string(failure)]) }
        var path = dialect.string(plan.path)
        if let sub = plan.subList {
            let id = call("id_of", [try expr(sub.parent), dialect.string(sub.function + "()"), dialect.string(sub.resource)])
            path = "\(path) + \(call("path_segment", [id])) + \(dialect.string(sub.suffix))"
        }
        var filters: [(String, String)] = []
        for (name, value) in plan.filters {
            switch value {
            case .encoded(let text): filters.append((dialect.string(name), dialect.string(text)))
            case .dynamic(let e, let kind, let choices, let label):
                var args = [dialect.string(label), dialect.string(kind), try expr(e)]
                if !choices.isEmpty { args.append(dialect.list(choices.map(dialect.string))) }
                filters.append((dialect.string(name), call("encode_filter", args)))
            }
        }
        return call("new_query", [path, dialect.pairs(filters), dialect.string(plan.label)])
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
        return try state.at(stage.range) {
            if let written = try listStage(stage, of: source, input: input) { return written }
            return try stageCall(stage, of: source, inputRange: input.range)
        }
    }

    private func stageCall(_ stage: Stage, of source: String, inputRange: SourceRange) throws -> String {
        let none = dialect.literal(.null)!
        func key(_ k: Expr?) throws -> String { try k.map { try stageFunction($0) } ?? none }
        switch stage.kind {
        case .filter(let p): return call("where", [source, try stageFunction(p)])
        case .map(let e): return call("map_each", [source, try stageFunction(e)])
        case .select(let fields, _, _): return call("select", [source, dialect.list(fields.map(dialect.string))])
        case .sort(let k, let descending): return call("sort_by", [source, try key(k), dialect.literal(.bool(descending))!])
        case .take(let n): return call("take", [source, try expr(n)])
        case .skip(let n): return call("skip", [source, try expr(n)])
        case .first: return call("first", [source])
        case .last: return call("last", [source])
        case .count: return call("count", [source])
        case .flatten: return call("flatten", [source])
        case .collect: return call("collect", [source])
        case .sum(let k): return call("aggregate", [source, dialect.string("sum"), try key(k)])
        case .avg(let k): return call("aggregate", [source, dialect.string("avg"), try key(k)])
        case .min(let k): return call("aggregate", [source, dialect.string("min"), try key(k)])
        case .max(let k): return call("aggregate", [source, dialect.string("max"), try key(k)])
        case .group(let k): return call("group", [source, try stageFunction(k)])
        case .unique(let k): return call("unique", [source, try key(k)])
        case .each(let e): return call("each", [source, try stageFunction(e)])
        case .parallel(let n, let e): return call("parallel", [source, try expr(n), try stageFunction(e)])
        case .render(let kind):
            if kind == "table" { return call("render_table", [source]) }
            return call("render", [source, dialect.string(kind)])
        case .save(let path): return call("save", [source, try expr(path)])
        case .call(let callee, let args): return try call(callee, args, at: stage.range, input: source, inputRange: inputRange)
        }
    }

    /// A stage's argument as a function of the element: a lambda or a built-in is passed as
    /// itself; a variable is called when it holds a function (`applied`); any other expression
    /// becomes a function of `it` (`.field` reads `it`).
    func stageFunction(_ e: Expr) throws -> String {
        switch e.kind {
        case .lambda(let params, let body):
            return try function(params, body.statements)
        case .name(let n):
            if state.lookup(n) == nil, let helper = ProgramEmitter.builtins[n] { return dialect.functionValue(state.helper(helper), arity: 1) }
            // An API function is itself the stage's function: civi calls it with the element.
            if state.lookup(n) == nil, APIPlan.functionNames.contains(n) { return try name(n, at: e.range) }
            if state.lookup(n) != nil { return dialect.lambda(["it"], call("applied", [try name(n, at: e.range), "it"])) }
            return try function([], [Stmt(kind: .expr(e), range: e.range)], parameterNames: ["it"])
        default:
            return try function([], [Stmt(kind: .expr(e), range: e.range)], parameterNames: ["it"])
        }
    }
}
