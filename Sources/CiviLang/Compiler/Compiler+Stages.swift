import CiviCore

/// Pipelines: each stage's argument is compiled with `it` bound to a slot of the current frame.
extension Compiler {
    typealias StageCode = (Context, Frame, Value) throws -> Value

    /// An element function: sets `it`, evaluates, and applies the result if it is a function.
    struct ElementCode {
        let slot: Int
        let code: Code

        /// The element function over `frame`. A lazy stream may call it after the call that made
        /// it has returned, so it keeps the frame's environment (`element` put the frame on the heap).
        func bind(_ frame: Frame) -> ElementFn {
            let slot = self.slot, code = self.code, env = frame.own
            return { ctx, v in
                defer { extendLifetime(env) }
                frame[slot] = v
                do {
                    let r = try code(ctx, frame)
                    if case .function(let f) = r { return try ctx.call(f, [v]) }
                    return r
                } catch let f as Fault where f.kind == .error {
                    // Over thousands of records, say which one failed.
                    throw f.naming(v)
                }
            }
        }
    }

    func element(_ e: Expr) -> ElementCode {
        scope.push()
        let outer = itResource
        itResource = stageInput
        defer {
            scope.pop()
            itResource = outer
        }
        scope.frameEscapes = true
        let slot = scope.declareLocal(FunctionScope.itName)
        return ElementCode(slot: slot, code: expression(e))
    }

    func pipeline(_ input: Expr, _ stage: Stage) -> Code {
        if let streamed = jsonStreamPipeline(input, stage) { return streamed }
        let source = self.source, range = stage.range
        let inputCode = expression(input)
        let outer = stageInput
        stageInput = streamResource(input)
        let run = self.stage(stage)
        stageInput = outer
        return { ctx, frame in
            let v = try inputCode(ctx, frame)
            defer { LateRelease.drop(v) }
            return try at(range, source) { try run(ctx, frame, v) }
        }
    }

    func stage(_ stage: Stage) -> StageCode {
        switch stage.kind {
        case .filter(let e):
            let el = element(e)
            let pushable = runtime.options.pushdown ? Pushdown.equalities(e) : []
            return { ctx, frame, input in
                var source = input
                if !pushable.isEmpty, case .stream(let s) = input, let narrowed = try s.operations().pushingDown(pushable) {
                    source = .stream(narrowed)
                }
                return try Stages.filter(ctx, source, el.bind(frame))
            }
        case .map(let e):
            let el = element(e)
            return { ctx, frame, input in try Stages.map(ctx, input, el.bind(frame)) }
        case .select(let fields, let optional, let ranges):
            for (field, range) in zip(fields, ranges) where !optional.contains(field) {
                reportUnknownField(field, of: stageInput, at: range)
            }
            return { ctx, _, input in try Stages.select(ctx, input, fields, optional: optional) }
        case .sort(let e, let descending):
            let el = e.map { element($0) }
            return { ctx, frame, input in try Stages.sort(ctx, input, el?.bind(frame), descending: descending) }
        case .take(let e), .skip(let e):
            let n = expression(e)
            let isTake: Bool = if case .take = stage.kind { true } else { false }
            return { ctx, frame, input in
                let count = try n(ctx, frame)
                guard case .int(let k) = count, k >= 0 else {
                    throw Fault("`\(isTake ? "take" : "skip")` needs a non-negative int, got \(ValueFormat.repr(count))")
                }
                return try isTake ? Stages.take(ctx, input, k) : Stages.skip(ctx, input, k)
            }
        case .first: return { ctx, _, input in try Stages.first(ctx, input) }
        case .last: return { ctx, _, input in try Stages.last(ctx, input) }
        case .count: return { ctx, _, input in try Stages.count(ctx, input) }
        case .flatten: return { ctx, _, input in try Stages.flatten(ctx, input) }
        case .collect: return { ctx, _, input in .list(try ctx.materialise(input, stage: "collect")) }
        case .sum(let e), .avg(let e), .min(let e), .max(let e):
            let el = e.map { element($0) }
            let kind: Stages.Aggregate = switch stage.kind {
            case .sum: .sum
            case .avg: .avg
            case .min: .min
            default: .max
            }
            return { ctx, frame, input in try Stages.aggregate(ctx, input, kind, el?.bind(frame)) }
        case .group(let e):
            let el = element(e)
            return { ctx, frame, input in try Stages.group(ctx, input, el.bind(frame)) }
        case .unique(let e):
            let el = e.map { element($0) }
            return { ctx, frame, input in try Stages.unique(ctx, input, el?.bind(frame)) }
        case .each(let e):
            let el = element(e)
            return { ctx, frame, input in
                let f = el.bind(frame)
                // Streams are consumed page by page, as `for` does, so memory stays flat however long
                // the stream; writes to the same resource meanwhile (`each delete(it)`) are compensated
                // by the client's paging, which visits every element exactly once.
                var n = 0
                try ctx.forEach(input, stage: "each") { v in
                    _ = try f(ctx, v)
                    n += 1
                    return true
                }
                return .int(n)
            }
        case .parallel(let n, let e):
            let width = expression(n)
            let body = Block(statements: [Stmt(kind: .expr(e), range: e.range)], range: e.range)
            let outer = itResource
            itResource = stageInput
            let info = function(name: "parallel", params: [FunctionScope.itName], body: body, range: e.range, isParallel: true)
            itResource = outer
            return { ctx, frame, input in
                let w = try width(ctx, frame)
                guard case .int(let k) = w, k >= 1 else {
                    throw Fault("`parallel` needs a positive int for how many at once, got \(ValueFormat.repr(w))")
                }
                let closure = Closure(info: info, captured: frame)
                let results = try ParallelMap.run(ctx, input, width: k) { worker, item in
                    try worker.applyIfFunction(try worker.call(closure, [item]), to: item)
                }
                try Nesting.check(results)
                return .list(results)
            }
        case .render(let format):
            return { ctx, _, input in
                let rows = try ctx.materialise(input, stage: format)
                return .string(try Library.render(rows, format: format))
            }
        case .save(let e):
            let path = expression(e)
            return { ctx, frame, input in
                let p = try path(ctx, frame)
                guard case .string(let s) = p else { throw Fault("`save` needs a path string, got \(p.typeName)") }
                let rows = try ctx.materialise(input, stage: "save")
                return .int(try Library.save(rows, to: s, runtime: ctx.runtime))
            }
        case .call(let callee, let args):
            let f = expression(callee)
            let positional = args.filter { $0.name == nil }.map { Compiled(run: expression($0.value)) }
            let named = args.filter { $0.name != nil }.map { ($0.name ?? "", Compiled(run: expression($0.value))) }
            return { ctx, frame, input in
                let fv = try f(ctx, frame)
                guard case .function(let fn) = fv else {
                    throw Fault("a stage must be a stage name or a function, got \(fv.typeName)",
                                hint: "stages: \(Parser.stageNames.joined(separator: ", "))")
                }
                var values = [input]
                for p in positional { values.append(try p.run(ctx, frame)) }
                var pairs: [(name: String, value: Value)] = []
                for (n, c) in named { pairs.append((n, try c.run(ctx, frame))) }
                return try ctx.call(fn, values, named: pairs)
            }
        }
    }
}
