import CiviCore
import CiviLang

/// The one walk over a civi program that every target shares: statements, scopes, hoisting of
/// the statements an expression needs, API calls and stages. Top-level variables are locals of
/// `main`, civi functions and lambdas are nested functions that see and update them; a `Dialect`
/// spells it all in the target language.
struct ProgramEmitter {
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
    let dialect: any Dialect

    init(tree: SyntaxTree, mode: ExportMode, dialect: any Dialect) {
        state = EmitterState(tree: tree, reserved: dialect.reserved)
        state.supportedHelpers = dialect.supportedHelpers
        self.mode = mode
        self.dialect = dialect
    }

    /// The whole program.
    func program(name: String) throws -> String {
        let main = try state.function {
            try state.scope {
                try libraries(of: state.tree.statements, directory: useDirectory)
                try block(state.tree.statements, destination: mode == .expression ? .show : .discard, topLevel: true)
            }
        }
        if let listValue = state.listFunctionValue, state.callsWithNamedArguments {
            throw listValue.file.error("the list function `\(listValue.name)` used as a value cannot be exported", at: listValue.range,
                                       hint: "this program also calls a function value with named arguments, which only "
                                           + "civi can match to a list's filters; call \(listValue.name)(...) directly")
        }
        try checkSupport()
        return dialect.program(name: name, main: main.lines, state: state)
    }

    // MARK: statements

    func line(_ code: String) { state.line(code) }

    func block(_ statements: [Stmt], destination: Destination, topLevel: Bool = false) throws {
        for s in statements {
            if case .function(let name, let params, _) = s.kind, state.lookup(name) == nil {
                state.functionArity[state.bind(name)] = params.count
            }
        }
        // As civi compiles a block: the names its plain assignments make are declared first, then
        // its functions are defined (so code may call a function written further down, and the
        // function sees those names), then the other statements run in order.
        for s in statements {
            guard case .assign(let target, nil, _) = s.kind, case .name(let n) = target.kind, state.lookup(n) == nil else { continue }
            if let declaration = dialect.declareTemp(state.bind(n)) { line(declaration) }
        }
        for s in statements {
            if case .function = s.kind {
                if topLevel { state.topLevelStatement = nil }
                try statement(s, destination: .discard)
            }
        }
        for (n, s) in statements.enumerated() {
            if case .function = s.kind { continue }
            if topLevel { state.topLevelStatement = n }
            let last = n == statements.count - 1
            if topLevel, case .show = destination {
                try statement(s, destination: .show)
            } else {
                try statement(s, destination: last ? destination : .discard)
            }
        }
        if let lastKind = statements.last?.kind, case .expr = lastKind { return }
        if let lastKind = statements.last?.kind, case .returnValue = lastKind { return }
        switch destination {
        case .assign(let t): line(dialect.assign(t, dialect.literal(.null)!, isNew: false))
        case .returns: line(dialect.returnValue(dialect.literal(.null)!))
        default: break
        }
    }

    func statement(_ s: Stmt, destination: Destination) throws {
        try state.at(s.range) { try statementBody(s, destination: destination) }
    }

    private func statementBody(_ s: Stmt, destination: Destination) throws {
        switch s.kind {
        case .expr(let e):
            try value(e, destination: destination)
        case .assign(let target, let op, let v):
            try assignment(target, op, v)
        case .use:
            // Written before the file's code, as civi runs it (`libraries(of:directory:)`).
            break
        case .function(let name, let params, let body):
            let target = state.lookup(name)?.target ?? state.bind(name)
            var names: [String] = []
            let f = try state.function {
                try state.scope {
                    names = params.map { state.bind($0) }
                    try block(body.statements, destination: .returns)
                }
            }
            define(target, parameters: names, function: f)
        case .forIn(let name, let sequence, let body):
            let seq = try expr(sequence)
            try state.scope {
                let v = state.bind(name, fresh: true)
                line(dialect.forOpen(v, dialect.helperCall(state.helper("each_of"), [seq])))
                try state.indented { try bodyBlock(body.statements) }
                close()
            }
        case .whileLoop(let condition, let body):
            let (pre, test) = try state.captured { try cond(condition) }
            if pre.isEmpty {
                line(dialect.whileOpen(test))
                try state.indented { try state.scope { try bodyBlock(body.statements) } }
            } else {
                line(dialect.whileOpen(dialect.literal(.bool(true))!))
                try state.indented {
                    let again = try cond(condition)
                    for l in dialect.breakOut(unless: again) { line(l) }
                    try state.scope { try bodyBlock(body.statements) }
                }
            }
            close()
        case .breakLoop:
            line(dialect.statement("break"))
        case .continueLoop:
            line(dialect.statement("continue"))
        case .returnValue(let v):
            if let v { try value(v, destination: .returns) } else { line(dialect.returnValue(dialect.literal(.null)!)) }
        }
    }

    func close() {
        if let c = dialect.close() { line(c) }
    }

    func bodyBlock(_ statements: [Stmt]) throws {
        let before = state.current.lines.count
        try block(statements, destination: .discard)
        if state.current.lines.count == before, let empty = dialect.emptyBody { line(empty) }
    }

    /// Writes a named function with `function`'s lines as its body.
    func define(_ name: String, parameters: [String], function f: EmitterState.Function) {
        state.functionArity[name] = parameters.count
        for l in dialect.functionOpen(name, parameters, outerAssigned: f.outerAssigned) { line(l) }
        state.current.indent += 1
        if f.lines.isEmpty { line(dialect.returnValue(dialect.literal(.null)!)) }
        for l in f.lines { line(l) }
        state.current.indent -= 1
        close()
    }

    /// The value of `e` sent to `destination`; `if` and `try` become statements.
    func value(_ e: Expr, destination: Destination) throws {
        switch e.kind {
        case .ifElse(let branches, let otherwise) where !isSimple(e):
            try viaTemporary(destination) { d in try ifStatement(branches, otherwise, destination: d) }
        case .tryCatch(let body, let name, let handler):
            try viaTemporary(destination) { d in try tryStatement(body, name, handler, destination: d) }
        default:
            let v = try expr(e)
            switch destination {
            case .discard: line(dialect.statement(v))
            case .returns: line(dialect.returnValue(v))
            case .assign(let t): line(dialect.assign(t, v, isNew: false))
            case .show:
                // As `civi -e`: an expression's null is shown, an effect-only built-in's is not.
                var effectOnly = false
                if case .call(let callee, _) = e.kind, case .name(let n) = callee.kind, state.lookup(n) == nil,
                   EffectOnlyBuiltins.names.contains(n) { effectOnly = true }
                line(dialect.statement(dialect.helperCall(state.helper(effectOnly ? "show" : "show_value"), [v])))
            }
        }
    }

    /// A statement form that shows its value does so through a temporary.
    private func viaTemporary(_ destination: Destination, _ body: (Destination) throws -> Void) throws {
        guard case .show = destination else { return try body(destination) }
        let t = state.fresh("value")
        if let d = dialect.declareTemp(t) { line(d) }
        try body(.assign(t))
        line(dialect.statement(dialect.helperCall(state.helper("show"), [t])))
    }

    func ifStatement(_ branches: [(condition: Expr, body: Block)], _ otherwise: Block?, destination: Destination) throws {
        line(dialect.ifOpen(try cond(branches[0].condition)))
        try state.indented { try state.scope { try branchBlock(branches[0].body.statements, destination) } }
        var rest = branches.dropFirst()
        while let next = rest.first {
            let (pre, _) = try state.captured { try cond(next.condition) }
            if !pre.isEmpty {
                // The condition needs statements first: they go inside an else.
                line(dialect.elseOpen())
                try state.indented { try ifStatement(Array(rest), otherwise, destination: destination) }
                close()
                return
            }
            line(dialect.elseIfOpen(try cond(next.condition)))
            try state.indented { try state.scope { try branchBlock(next.body.statements, destination) } }
            rest = rest.dropFirst()
        }
        if let otherwise {
            line(dialect.elseOpen())
            try state.indented { try state.scope { try branchBlock(otherwise.statements, destination) } }
        } else if case .discard = destination {
        } else {
            line(dialect.elseOpen())
            try state.indented { try branchBlock([], destination) }
        }
        close()
    }

    private func branchBlock(_ statements: [Stmt], _ destination: Destination) throws {
        if case .discard = destination { return try bodyBlock(statements) }
        if statements.isEmpty {
            switch destination {
            case .assign(let t): line(dialect.assign(t, dialect.literal(.null)!, isNew: false))
            case .returns: line(dialect.returnValue(dialect.literal(.null)!))
            default: if let empty = dialect.emptyBody { line(empty) }
            }
        } else {
            try block(statements, destination: destination)
        }
    }

    func tryStatement(_ body: Block, _ name: String?, _ handler: Block, destination: Destination) throws {
        line(dialect.tryOpen())
        try state.indented { try state.scope { try branchBlock(body.statements, destination) } }
        let err = state.fresh("err")
        state.used.insert("CiviError")
        for l in dialect.catchOpen(err) { line(l) }
        try state.indented {
            try state.scope {
                if let name {
                    let v = state.bind(name, fresh: true)
                    line(dialect.assign(v, dialect.helperCall(state.helper("caught"), [err]), isNew: true))
                }
                try branchBlock(handler.statements, destination)
            }
        }
        close()
    }
}
