import CiviCore

/// Turns the AST into a tree of Swift closures with every variable resolved to a slot,
/// so evaluation does no lookups by name.
final class Compiler {
    let source: SourceFile
    let runtime: Runtime
    let builtins: [String: Value]
    var scope: FunctionScope
    var issues: [SyntaxIssue] = []
    /// How many `try` bodies enclose the code being compiled: an error there is the script's to
    /// catch, so mistakes the compiler could report early are left to run time.
    var tryDepth = 0
    /// Names read before any binding was seen; each must be bound at the top level somewhere.
    var pending: [(name: String, range: SourceRange)] = []
    var boundGlobals: Set<String> = []
    /// The resource of the records `it` stands for in the stage argument being compiled, when known
    /// (see `Compiler+FieldCheck.swift`); `stageInput` is that of the stage being compiled.
    var itResource: ResourceSpec?
    var stageInput: ResourceSpec?
    /// `for` variables over a stream of a known resource, innermost last.
    var loopVariables: [LoopVariable] = []
    var globals: Globals { runtime.globals }

    init(source: SourceFile, runtime: Runtime, builtins: [String: Value]) {
        self.source = source
        self.runtime = runtime
        self.builtins = builtins
        scope = FunctionScope(parent: nil, isChunk: true)
    }

    /// A compiled chunk: one code per top-level statement, how its value is shown, and where the
    /// statement is (showing a stream reads it: its errors point at the statement).
    struct Chunk {
        var statements: [(code: Compiled, display: StatementDisplay, range: SourceRange?)]
        var slotCount: Int
    }

    func compileChunk(_ statements: [Stmt]) -> Chunk {
        var out: [(Compiled, StatementDisplay, SourceRange?)] = []
        for u in useStatements(statements) { out.append((u, .nothing, nil)) }
        predeclare(statements)
        for h in hoist(statements) { out.append((h, .nothing, nil)) }
        for s in statements {
            if case .function = s.kind { continue }
            if case .use = s.kind { continue }
            out.append((Compiled(run: statement(s)), display(of: s), s.range))
        }
        for p in pending where !boundGlobals.contains(p.name) {
            if let i = globals.index[p.name], globals.isAssigned(i) { continue }
            issues.append(SyntaxIssue(message: "unknown name `\(p.name)`", range: p.range, hint: suggestion(for: p.name)))
        }
        return Chunk(statements: out, slotCount: scope.slotCount)
    }

    func fail(_ message: String, _ range: SourceRange, hint: String? = nil) -> Code {
        issues.append(SyntaxIssue(message: message, range: range, hint: hint))
        return { _, _ in .null }
    }

    /// "did you mean" from the names in scope, built-ins and keywords.
    func suggestion(for name: String) -> String? {
        if let stage = Mistakes.stageAliases[name] { return "did you mean `\(stage)`? (a stage: `xs | \(stage) ...`)" }
        if Parser.stageNames.contains(name) { return "`\(name)` is a pipeline stage (`xs | \(name)`), not a value" }
        var candidates = Array(builtins.keys) + globals.names + Keyword.allCases.map(\.rawValue) + Parser.stageNames
        var s: FunctionScope? = scope
        while let sc = s {
            for b in sc.blocks { candidates += b.keys.filter { !$0.hasPrefix(" ") } }
            s = sc.parent
        }
        // One edit in three characters (a swap is two): `tabel` → `table`; short names get none.
        let limit = name.count < 3 ? 0 : max(1, (name.count + 1) / 3)
        var best: (name: String, distance: Int)?
        for c in candidates where c != name {
            let d = editDistance(c, name)
            guard d <= limit else { continue }
            if let b = best, b.distance < d || (b.distance == d && b.name <= c) { continue }
            best = (c, d)
        }
        return best.map { "did you mean `\($0.name)`?" }
    }

    // MARK: blocks and statements

    /// Binds the names a block assigns before compiling its functions, so a function declared
    /// earlier in the block that assigns one of them updates it rather than making a local.
    func predeclare(_ statements: [Stmt]) {
        for s in statements {
            guard case .assign(let target, nil, _) = s.kind, case .name(let name) = target.kind else { continue }
            if scope.resolveLocal(name) == nil, globals.index[name] == nil { _ = bind(name) }
        }
    }

    /// Declares the block's functions first so they can call each other in any order.
    func hoist(_ statements: [Stmt]) -> [Compiled] {
        var decls: [(Resolution, String, [String], Block, SourceRange)] = []
        for s in statements {
            guard case .function(let name, let params, let body) = s.kind else { continue }
            decls.append((bind(name), name, params, body, s.range))
        }
        return decls.map { res, name, params, body, range in
            let info = function(name: name, params: params, body: body, range: range)
            let write = writer(res, name: name, range: range)
            return Compiled { ctx, frame in
                try write(ctx, frame, .function(Closure(info: info, captured: frame)))
                return .null
            }
        }
    }

    func block(_ b: Block) -> Code {
        Compiler.chain(blockStatements(b)[...])
    }

    /// A block's statements compiled in a scope of their own.
    func blockStatements(_ b: Block) -> [Compiled] {
        scope.push()
        defer { scope.pop() }
        return statements(b.statements)
    }

    /// Statements in order; the value is the last expression statement's.
    func sequence(_ statements: [Stmt]) -> Code {
        Compiler.chain(self.statements(statements)[...])
    }

    /// The code of each statement, the block's functions first.
    func statements(_ statements: [Stmt]) -> [Compiled] {
        predeclare(statements)
        var codes = hoist(statements)
        for s in statements {
            if case .function = s.kind { continue }
            codes.append(Compiled(run: statement(s)))
        }
        return codes
    }

    /// `codes` run in order until one raises a signal; the value is the last one run's.
    /// A chain of closures rather than an array of them: no reabstraction thunks on the hot path.
    /// A long run is split in halves, so a block of 100,000 statements nests 12 closures, not
    /// 100,000 (running and freeing the chain recurse as deep as it nests).
    static func chain(_ codes: ArraySlice<Compiled>) -> Code {
        if codes.count > 32 {
            let middle = codes.startIndex + codes.count / 2
            let first = chain(codes[..<middle]), rest = chain(codes[middle...])
            return { ctx, frame in
                let v = try first(ctx, frame)
                if ctx.signal != .none { return v }
                return try rest(ctx, frame)
            }
        }
        guard var chain = codes.last?.run else { return { _, _ in .null } }
        // Each closure taken from its `Compiled` (not from an array of closures), so it is called
        // directly rather than through reabstraction thunks.
        for compiled in codes.dropLast().reversed() {
            let c = compiled.run, rest = chain
            chain = { ctx, frame in
                let v = try c(ctx, frame)
                if ctx.signal != .none { return v }
                return try rest(ctx, frame)
            }
        }
        return chain
    }

    func statement(_ s: Stmt) -> Code {
        switch s.kind {
        case .expr(let e): return expression(e)
        case .assign(let target, let op, let value): return assignment(target, op, value, s.range)
        case .function: return sequence([s])
        case .forIn(let name, let seq, let body): return forLoop(name, seq, body, s.range)
        case .use: return fail("`use` must be at the top level of a file, not inside a block or function", s.range)
        case .whileLoop(let cond, let body): return whileLoop(cond, body)
        case .breakLoop, .continueLoop:
            let isBreak: Bool = if case .breakLoop = s.kind { true } else { false }
            guard scope.loopDepth > 0 else {
                return fail("`\(isBreak ? "break" : "continue")` outside a loop", s.range)
            }
            let signal: Signal = isBreak ? .breakLoop : .continueLoop
            return { ctx, _ in
                ctx.signal = signal
                return .null
            }
        case .returnValue(let e):
            guard scope.parent != nil else { return fail("`return` outside a function", s.range) }
            var value: Code = { _, _ in .null }
            if let e { value = expression(e) }
            return { ctx, frame in
                let v = try value(ctx, frame)
                ctx.returnValue = v
                ctx.signal = .returnValue
                return v
            }
        }
    }

    func whileLoop(_ cond: Expr, _ body: Block) -> Code {
        let test = condition(cond)
        scope.loopDepth += 1
        let run = blockStatements(body)
        scope.loopDepth -= 1
        return test.build(WhileLoop(body: run))
    }

    func forLoop(_ name: String, _ seq: Expr, _ body: Block, _ range: SourceRange) -> Code {
        let sequence = expression(seq)
        scope.push()
        let slot = scope.declareLocal(name)
        scope.loopDepth += 1
        let loop = watchLoopVariable(name, slot: slot, over: seq)
        let run = block(body)
        endWatch(loop)
        scope.loopDepth -= 1
        scope.pop()
        let source = self.source, seqRange = seq.range
        return { ctx, frame in
            let items = try sequence(ctx, frame)
            try at(seqRange, source) {
                try ctx.forEach(items) { item in
                    frame[slot] = item
                    _ = try run(ctx, frame)
                    if ctx.signal != .none {
                        if ctx.signal == .returnValue { return false }
                        let stop = ctx.signal == .breakLoop
                        ctx.signal = .none
                        if stop { return false }
                    }
                    try ctx.tick()
                    return true
                }
            }
            return .null
        }
    }

    /// Compiles a function body in a new scope.
    func function(name: String, params: [String], body: Block, range: SourceRange, isParallel: Bool = false) -> FunctionInfo {
        let outer = scope
        scope = FunctionScope(parent: outer, isParallel: isParallel)
        defer { scope = outer }
        for p in params { _ = scope.declareLocal(p) }
        let code = sequence(body.statements)
        // Every caller of `function` makes a closure over the current frame; when the new function
        // reaches outer variables, the closure keeps that frame, so it must be on the heap.
        if scope.usesOuterFrames { outer.frameEscapes = true }
        return FunctionInfo(name: name, arity: params.count, slotCount: scope.slotCount, body: code, source: source, range: range,
                            usesOuterFrames: scope.usesOuterFrames, frameOnStack: !scope.frameEscapes)
    }
}

/// The candidate closest to `name` (the first of equals), when at most `limit` edits away.
func nearest(to name: String, among candidates: [String], within limit: Int) -> String? {
    var best: (name: String, distance: Int)?
    for c in candidates where c != name {
        let d = editDistance(c, name)
        if d <= limit, best.map({ d < $0.distance }) ?? true { best = (c, d) }
    }
    return best?.name
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    for i in 1...x.count {
        var cur = [i] + Array(repeating: 0, count: y.count)
        for j in 1...y.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[y.count]
}
