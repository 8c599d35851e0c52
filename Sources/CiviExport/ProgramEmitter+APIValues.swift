import CiviCore
import CiviLang

extension ProgramEmitter {
    /// The argument counts civi's API function `n` accepts (`APIFunctions`).
    static func apiArity(_ n: String) -> ClosedRange<Int> {
        if APIPlan.table.resources.contains(where: { $0.name == n }) { return 0...0 }
        switch n {
        case "update": return 2...2
        case "get", "post", "put", "patch": return 1...2
        case "request": return 2...3
        default: return 1...1
        }
    }

    /// The argument counts of built-in `n` (the library's table, or the interpreter's own).
    static func builtinArity(_ n: String) -> ClosedRange<Int> {
        if let b = Builtins.all[n] { return b.arity }
        switch n {
        case "print", "eprint": return 0...Int.max
        case "assert": return 1...2
        case "exit": return 0...2
        default: return 1...1
        }
    }

    /// A call of `n` with named arguments, which only list functions take: once the arguments
    /// are evaluated, civi's error — a wrong count of positional ones first, as civi checks that first.
    func refusal(_ n: String, arity: ClosedRange<Int>, _ args: [String], positional: Int) -> String {
        let message = arity.contains(positional) ? "\(n)() takes no named arguments" : ProgramEmitter.arityMessage(n, arity, positional)
        return call("refuse_call", [dialect.string(message)] + args)
    }

    /// civi's message for a call with the wrong number of arguments.
    static func arityMessage(_ n: String, _ arity: ClosedRange<Int>, _ count: Int) -> String {
        let want = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)"
            : arity.upperBound > 100 ? "at least \(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
        return "\(n)() takes \(want) argument\(want == "1" ? "" : "s"), got \(count)"
    }

    /// `parent | campaign_actions(status: "open")`: the piped value is the parent, and the call
    /// is the listing civi makes of it (filters, pushdown, paging), with the parent computed first.
    func pipedSubList(_ n: String, _ arguments: [Argument], input: String, inputRange: SourceRange) throws -> String {
        let parent = state.fresh("parent")
        line(dialect.assign(parent, input, isNew: true))
        return try state.scope {
            // A name no civi program can write stands for the parent in the call.
            let hidden = "\u{1}parent"
            state.alias(hidden, to: parent)
            let first = Argument(name: nil, value: Expr(kind: .name(hidden), range: inputRange), range: inputRange)
            guard let plan = APIPlan.listing(n, [first] + arguments, source: state.tree.text) else {
                throw state.unsupported("\(n)() with a piped input", at: inputRange)
            }
            return try listing(plan)
        }
    }

    /// An API function used as a value (`ids | map advocate`, `f = get`): a function that checks
    /// the argument count as civi does, then makes the same call as writing it out would (absent
    /// optional arguments are null, which civi treats as absent).
    func apiFunctionValue(_ n: String, at range: SourceRange) throws -> String {
        let arity = ProgramEmitter.apiArity(n)
        if arity == 0...0 || APIPlan.table.subList(named: n) != nil, state.listFunctionValue == nil {
            state.listFunctionValue = (n, range, state.tree)
        }
        let params = (0..<arity.upperBound).map { "\u{1}arg\($0)" }
        let body = Expr(kind: .call(Expr(kind: .name(n), range: range),
                                    params.map { Argument(name: nil, value: Expr(kind: .name($0), range: range), range: range) }),
                        range: range)
        var names: [String] = []
        let f = try state.function {
            try state.scope {
                for p in params {
                    let target = state.fresh("arg")
                    state.alias(p, to: target)
                    names.append(target)
                }
                try block([Stmt(kind: .expr(body), range: range)], destination: .returns)
            }
        }
        let callee = state.fresh("call_" + n)
        define(callee, parameters: names, function: f)
        return call("api_function", [dialect.string(n), String(arity.lowerBound), String(arity.upperBound), callee])
    }
}
