import CiviCore
import CiviLang

/// Writes a civi program as one Python 3.9+ file: the runtime prelude it needs, the resource
/// table, and the program as `main()` (civi's top-level variables are `main`'s locals, so civi
/// functions and lambdas are nested functions that see and update them with `nonlocal`).
struct PythonEmitter {
    /// Where the value of a block's last expression goes.
    enum Destination {
        case discard
        case returns
        case assign(String)
        /// Printed as JSON (`civi -e` statements).
        case show
    }

    let state: EmitterState
    let mode: ExportMode
    static let prelude = PreludeLibrary(source: String(decoding: PackageResources.prelude_py, as: UTF8.self), comment: "#")

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
        "list", "dict", "str", "int", "float", "bool", "len", "print", "range", "type", "sorted", "any", "all", "sum",
        "min", "max", "open", "id", "iter", "next", "map", "filter", "set", "tuple", "object", "super", "isinstance",
        "hasattr", "getattr", "callable", "main", "it", "ARGS", "RESOURCES", "input", "format", "round", "abs", "hash",
        "repr", "vars", "zip", "enumerate", "reversed", "exec", "eval", "compile", "globals", "locals", "err",
    ]

    init(tree: SyntaxTree, mode: ExportMode) {
        state = EmitterState(tree: tree, reserved: PythonEmitter.keywords.union(PythonEmitter.prelude.allNames))
        self.mode = mode
    }

    /// The whole program.
    func program(name: String) throws -> String {
        let main = try state.function {
            try state.scope {
                try block(state.tree.statements, destination: mode == .expression ? .show : .discard, topLevel: true)
            }
        }
        var out = ["#!/usr/bin/env python3",
                   "# Exported from \(name) by `civi export --to python` (Python 3.9+, standard library only).",
                   "# Run: CIVICLICK_BASE_URL=... CIVICLICK_API_KEY=... python3 THIS_FILE [ARGS...]",
                   "# The API key is read from the environment; it is never written into this file.",
                   ""]
        out.append(PythonEmitter.prelude.text(for: state.used, always: ["core"]))
        if state.used.contains("http") || !state.used.isDisjoint(with: ["fetch_one", "create", "update", "delete", "raw", "Query", "civi_get"]) {
            out.append("")
            out.append("")
            out.append("RESOURCES = {")
            for r in APIPlan.resources {
                out.append("    \(str(r.name)): {\"singular\": \(str(r.singular)), \"prefix\": \(str(r.prefix)), "
                           + "\"list\": \(str(r.list)), \"item\": \(str(r.item)), \"by_email\": \(r.byEmail ? "True" : "False")},")
            }
            out.append("}")
            if state.writes { out.append("SNAPSHOT_LISTINGS = True") }
        }
        out += ["", "", "def main():"]
        let body = main.lines.isEmpty ? ["    pass"] : main.lines.map { "    " + $0 }
        out += body
        out += ["", "", "if __name__ == \"__main__\":", "    run_main(main)", ""]
        return out.joined(separator: "\n")
    }

    // MARK: statements

    func block(_ statements: [Stmt], destination: Destination, topLevel: Bool = false) throws {
        for s in statements {
            if case .function(let name, _, _) = s.kind, state.lookup(name) == nil || !topLevel { state.bind(name) }
        }
        for (n, s) in statements.enumerated() {
            let last = n == statements.count - 1
            if topLevel, case .show = destination {
                try statement(s, destination: .show)
            } else {
                try statement(s, destination: last ? destination : .discard)
            }
        }
        if let lastKind = statements.last?.kind, case .expr = lastKind { return }
        switch destination {
        case .assign(let t): state.line("\(t) = None")
        case .returns where !statements.isEmpty:
            if case .returnValue = statements.last!.kind { return }
            state.line("return None")
        default: break
        }
    }

    func statement(_ s: Stmt, destination: Destination) throws {
        switch s.kind {
        case .expr(let e):
            try value(e, destination: destination)
        case .assign(let target, let op, let v):
            try assignment(target, op, v)
        case .function(let name, let params, let body):
            let target = state.lookup(name)?.target ?? state.bind(name)
            var names: [String] = []
            let f = try state.function {
                try state.scope {
                    names = params.map { state.bind($0) }
                    try block(body.statements, destination: .returns)
                }
            }
            try define(target, parameters: names, function: f)
        case .forIn(let name, let sequence, let body):
            let seq = try expr(sequence)
            try state.scope {
                let v = state.bind(name, fresh: true)
                state.line("for \(v) in \(state.helper("each_of"))(\(seq)):")
                try state.indented { try bodyBlock(body.statements) }
            }
        case .whileLoop(let condition, let body):
            let (pre, test) = try state.captured { try cond(condition) }
            if pre.isEmpty {
                state.line("while \(test):")
                try state.indented { try state.scope { try bodyBlock(body.statements) } }
            } else {
                state.line("while True:")
                try state.indented {
                    let again = try cond(condition)
                    state.line("if not (\(again)):")
                    state.line("    break")
                    try state.scope { try bodyBlock(body.statements) }
                }
            }
        case .breakLoop:
            state.line("break")
        case .continueLoop:
            state.line("continue")
        case .returnValue(let v):
            if let v { try value(v, destination: .returns) } else { state.line("return None") }
        }
    }

    func bodyBlock(_ statements: [Stmt]) throws {
        if statements.isEmpty { state.line("pass"); return }
        let before = state.current.lines.count
        try block(statements, destination: .discard)
        if state.current.lines.count == before { state.line("pass") }
    }

    /// Writes `def name(parameters):` with `function`'s lines as its body.
    func define(_ name: String, parameters: [String], function f: EmitterState.Function) throws {
        state.line("def \(name)(\(parameters.joined(separator: ", "))):")
        try state.indented {
            if !f.outerAssigned.isEmpty { state.line("nonlocal " + f.outerAssigned.joined(separator: ", ")) }
            if f.lines.isEmpty { state.line("return None") }
            for l in f.lines { state.line(l) }
        }
    }

    /// The value of `e` sent to `destination`; `if` and `try` become statements.
    func value(_ e: Expr, destination: Destination) throws {
        switch e.kind {
        case .ifElse(let branches, let otherwise) where !isSimple(e):
            if case .show = destination {
                let t = state.fresh("value")
                try ifStatement(branches[...], otherwise, destination: .assign(t))
                state.line("\(state.helper("show"))(\(t))")
            } else {
                try ifStatement(branches[...], otherwise, destination: destination)
            }
        case .tryCatch(let body, let name, let handler):
            if case .show = destination {
                let t = state.fresh("value")
                try tryStatement(body, name, handler, destination: .assign(t))
                state.line("\(state.helper("show"))(\(t))")
            } else {
                try tryStatement(body, name, handler, destination: destination)
            }
        default:
            let v = try expr(e)
            switch destination {
            case .discard: state.line(v)
            case .returns: state.line("return \(v)")
            case .assign(let t): state.line("\(t) = \(v)")
            case .show: state.line("\(state.helper("show"))(\(v))")
            }
        }
    }

    func ifStatement(_ branches: ArraySlice<(condition: Expr, body: Block)>, _ otherwise: Block?, destination: Destination,
                     keyword: String = "if") throws {
        guard let (condition, body) = branches.first else { return }
        let test = try cond(condition)
        state.line("\(keyword) \(test):")
        try state.indented { try state.scope { try branchBlock(body.statements, destination) } }
        let rest = branches.dropFirst()
        if let next = rest.first {
            let (pre, _) = try state.captured { try cond(next.condition) }
            if pre.isEmpty {
                try ifStatement(rest, otherwise, destination: destination, keyword: "elif")
            } else {
                state.line("else:")
                try state.indented { try ifStatement(rest, otherwise, destination: destination) }
            }
        } else if let otherwise {
            state.line("else:")
            try state.indented { try state.scope { try branchBlock(otherwise.statements, destination) } }
        } else if case .discard = destination {
        } else {
            state.line("else:")
            try state.indented { try branchBlock([], destination) }
        }
    }

    private func branchBlock(_ statements: [Stmt], _ destination: Destination) throws {
        switch destination {
        case .discard: try bodyBlock(statements)
        default:
            if statements.isEmpty {
                switch destination {
                case .assign(let t): state.line("\(t) = None")
                case .returns: state.line("return None")
                default: state.line("pass")
                }
            } else {
                try block(statements, destination: destination)
            }
        }
    }

    func tryStatement(_ body: Block, _ name: String?, _ handler: Block, destination: Destination) throws {
        state.line("try:")
        try state.indented { try state.scope { try branchBlock(body.statements, destination) } }
        let err = state.fresh("err")
        state.line("except \(state.helper("CiviError")) as \(err):")
        try state.indented {
            try state.scope {
                if let name {
                    let v = state.bind(name, fresh: true)
                    state.line("\(v) = \(state.helper("caught"))(\(err))")
                }
                try branchBlock(handler.statements, destination)
            }
        }
    }
}
