import CiviCore

/// Calls and assignments.
extension Compiler {
    func call(_ callee: Expr, _ args: [Argument], _ range: SourceRange) -> Code {
        if let assertion = assertComparison(callee, args, range) { return assertion }
        // A call of a top-level function reads its cell directly: no reader closure, no extra copy.
        var cell: UnsafeMutablePointer<GlobalCell>?
        var f: Code = { _, _ in .null }
        if case .name(let name) = callee.kind, let c = globalCell(name, callee.range) { cell = c } else { f = expression(callee) }
        let positional = args.filter { $0.name == nil }.map { Compiled(run: expression($0.value)) }
        let named = args.filter { $0.name != nil }.map { ($0.name ?? "", Compiled(run: expression($0.value))) }
        if let firstNamed = args.firstIndex(where: { $0.name != nil }), args[firstNamed...].contains(where: { $0.name == nil }) {
            return fail("positional arguments must come before named ones", args[firstNamed].range)
        }
        if tryDepth == 0, case .name(let name) = callee.kind, scope.resolveLocal(name) == nil,
           let spec = FilterEncoding.listSpec(function: name) {
            // Known before anything runs (also in `civi check`): a filter the list cannot take —
            // so a script stops before its first write, not halfway. Inside `try` it stays a
            // run-time error the script may mean to catch.
            for a in args {
                guard let n = a.name, n != "sort", spec.filter(named: n) == nil else { continue }
                return fail(FilterEncoding.unknownFilter(n, of: spec, function: name), a.range)
            }
        }
        let site = CallSite(source: source, range: range, positional: positional, named: named, fill: argumentFiller(positional))
        if let cell, case .name(let name) = callee.kind {
            let calleeRange = callee.range
            if args.count == 1, args[0].name == nil {
                if let (slot, op, k) = slotIntOperand(args[0].value) {
                    let slow = intSlowPath(op, k, args[0].value.range)
                    let arg = SlotIntArgument(slot: slot, delta: op == .add ? k : -k, slow: slow)
                    return unaryGlobalCall(cell, name, calleeRange, site, arg)
                }
                return unaryGlobalCall(cell, name, calleeRange, site, CodeArgument(run: positional[0].run))
            }
            return { ctx, frame in
                guard cell.pointee.assigned else { throw unassigned(name, calleeRange, site.source) }
                guard case .function(let fn) = cell.pointee.value else { throw notCallable(cell.pointee.value, site.range, site.source) }
                // `fn` keeps the callee alive for the whole call (even if the body reassigns the
                // variable), so the closure is used unretained.
                defer { extendLifetime(fn) }
                return try site.call(ctx, frame, fn)
            }
        }
        return { ctx, frame in
            let fv = try f(ctx, frame)
            guard case .function(let fn) = fv else { throw notCallable(fv, site.range, site.source) }
            defer { extendLifetime(fn) }
            return try site.call(ctx, frame, fn)
        }
    }
}

extension Compiler {
    /// A call of a top-level function with one positional argument, the shape of most recursion:
    /// one closure that reads the callee unretained from its cell, evaluates the argument (in place
    /// for `local ± k`) and moves it into the callee's first slot, with no per-call closure hops
    /// for the argument or the frame setup. A callee that is not a user closure takes
    /// `CallSite.call`; another arity gets the general call's error.
    func unaryGlobalCall<A: ArgumentCode>(_ cell: UnsafeMutablePointer<GlobalCell>, _ name: String,
                                          _ calleeRange: SourceRange, _ site: CallSite, _ arg: A) -> Code {
        { ctx, frame in
            if let u = cell.pointee.closure, !ctx.isWorker {
                // Unretained: the cell's value owns the closure, and pinning keeps it alive if the
                // variable is reassigned before the call returns (even by the argument).
                cell.pointee.pinned += 1
                defer { cell.pointee.unpin() }
                let v = try arg.value(ctx, frame)
                return try u._withUnsafeGuaranteedRef { c in try site.callClosure(ctx, c, with: v) }
            }
            guard cell.pointee.assigned else { throw unassigned(name, calleeRange, site.source) }
            guard case .function(let fn) = cell.pointee.value else { throw notCallable(cell.pointee.value, site.range, site.source) }
            // `fn` keeps the callee alive for the whole call (even if the body reassigns the
            // variable), so the closure is used unretained.
            defer { extendLifetime(fn) }
            guard let m = Closure.cast(fn) else { return try site.call(ctx, frame, fn) }
            let v = try arg.value(ctx, frame)
            return try m._withUnsafeGuaranteedRef { c in try site.callClosure(ctx, c, with: v) }
        }
    }

    /// `(slot, op, k)` when `e` is `local + k` or `local - k` on a local of the current function
    /// (but not `- Int.min`, which has no int to add instead).
    func slotIntOperand(_ e: Expr) -> (Int, BinaryOp, Int)? {
        guard case .binary(let op, let l, let r) = e.kind, op == .add || op == .sub,
              case .literal(.int(let k)) = r.kind, op == .add || k != .min, let slot = currentSlot(l) else { return nil }
        return (slot, op, k)
    }
}

/// How a specialised call evaluates its argument; generic so each shape compiles to inline code.
protocol ArgumentCode {
    func value(_ ctx: Context, _ frame: Frame) throws -> Value
}

/// Any argument expression, through its compiled closure.
struct CodeArgument: ArgumentCode {
    let run: Code
    @inline(__always)
    func value(_ ctx: Context, _ frame: Frame) throws -> Value { try run(ctx, frame) }
}

/// `local ± k` computed in place when the local is an int (`fib(n - 1)`), as one addition of
/// `delta` (`k` or `-k`), so no switch on the operator runs per call.
struct SlotIntArgument: ArgumentCode {
    let slot: Int
    let delta: Int
    /// The general meaning (the original operator), for a local that is not an int or on overflow.
    let slow: (Value) throws -> Value

    @inline(__always)
    func value(_ ctx: Context, _ frame: Frame) throws -> Value {
        if case .int(let x) = frame.slots[slot] {
            let (s, o) = x.addingReportingOverflow(delta)
            if !o { return .int(s) }
        }
        return try slow(frame.slots[slot])
    }
}

/// What a call expression knows once compiled; the hot closures capture just this.
final class CallSite {
    let source: SourceFile
    let range: SourceRange
    let positional: [Compiled]
    let named: [(String, Compiled)]
    let count: Int
    /// Evaluates the positional arguments straight into the callee's slots.
    let fill: (Context, Frame, UnsafeMutablePointer<Value>) throws -> Void

    init(source: SourceFile, range: SourceRange, positional: [Compiled], named: [(String, Compiled)],
         fill: @escaping (Context, Frame, UnsafeMutablePointer<Value>) throws -> Void) {
        self.source = source
        self.range = range
        self.positional = positional
        self.named = named
        count = positional.count
        self.fill = fill
    }

    /// Calls `fn`, which the caller keeps alive; user closures with the right argument count take
    /// the fast path.
    @inline(__always)
    func call(_ ctx: Context, _ frame: Frame, _ fn: any FunctionObject) throws -> Value {
        if named.isEmpty, let m = Closure.cast(fn), let v = try m._withUnsafeGuaranteedRef({ try callClosure(ctx, frame, $0) }) {
            return v
        }
        return try generalCall(ctx, frame, fn, positional, named, range, source)
    }

    /// Calls user closure `c` with the one argument `v`, already evaluated: `v` moves straight into
    /// the callee's first slot, on the slot stack when the frame cannot escape, else in a (pooled
    /// when possible) heap environment.
    @inline(__always)
    func callClosure(_ ctx: Context, _ c: Closure, with v: consuming Value) throws -> Value {
        guard c.arity == 1 else {
            let args = [v]
            return try at(range, source) { try ctx.call(c, args) }
        }
        if c.onStack, ctx.stack.pointee.hasRoom(c.slotCount) {
            let slots = ctx.stack.pointee.push(c.slotCount, first: v)
            defer { ctx.stack.pointee.pop(slots, c.slotCount) }
            return try at(range, source) { try ctx.invoke(c, Frame(slots: slots, parent: c.captured)) }
        }
        return try callOnHeap(ctx, c, with: v)
    }

    /// `callClosure(_:_:with:)` for a frame on the heap (out of line: the rarer case).
    @inline(never)
    func callOnHeap(_ ctx: Context, _ c: Closure, with v: Value) throws -> Value {
        guard c.captured == nil else {
            let callee = Env.make(count: c.slotCount, parent: c.captured)
            defer { extendLifetime(callee) }
            callee[0] = v
            return try at(range, source) { try ctx.invoke(c, Frame(callee)) }
        }
        var callee = ctx.spares.take(c.slotCount)
        callee[0] = v
        let result = try at(range, source) { try ctx.invoke(c, Frame(callee)) }
        ctx.spares.give(&callee)
        return result
    }

    /// Calls user closure `c`: its slots are on the context's slot stack when its frame cannot
    /// escape, else in a (pooled when possible) heap environment. Nil when `c` takes another
    /// number of arguments.
    @inline(never)
    func callClosure(_ ctx: Context, _ frame: Frame, _ c: Closure) throws -> Value? {
        guard c.arity == count else { return nil }
        if c.onStack, let slots = ctx.stack.pointee.push(c.slotCount) {
            defer { ctx.stack.pointee.pop(slots, c.slotCount) }
            try fill(ctx, frame, slots)
            return try at(range, source) { try ctx.invoke(c, Frame(slots: slots, parent: c.captured)) }
        }
        guard c.captured == nil else {
            let callee = Env.make(count: c.slotCount, parent: c.captured)
            defer { extendLifetime(callee) }
            try fill(ctx, frame, callee.slots)
            return try at(range, source) { try ctx.invoke(c, Frame(callee)) }
        }
        var callee = ctx.spares.take(c.slotCount)
        try fill(ctx, frame, callee.slots)
        let v = try at(range, source) { try ctx.invoke(c, Frame(callee)) }
        ctx.spares.give(&callee)
        return v
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

/// The error for reading a top-level variable before any assignment (out of line: a cold path).
@inline(never)
func unassigned(_ name: String, _ range: SourceRange, _ source: SourceFile) -> any Error {
    Fault("`\(name)` is used before it is assigned").located(range, in: source)
}

/// The error for calling a value that is not a function (out of line: a cold path).
@inline(never)
func notCallable(_ v: Value, _ range: SourceRange, _ source: SourceFile) -> any Error {
    Fault("\(v.typeName) is not a function", hint: "only functions can be called with (...)").located(range, in: source)
}

extension Compiler {
    /// Evaluates arguments straight into the callee's slots (specialised for few arguments).
    func argumentFiller(_ args: [Compiled]) -> (Context, Frame, UnsafeMutablePointer<Value>) throws -> Void {
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
        noteAssignment(to: name)
        if steps.isEmpty {
            if let op {
                let general = compoundAssignment(name, op, rhs, node.range, range)
                let operands = intOperand(named: name, node.range).flatMap { l in intOperand(value).map { IntOperands(left: l, right: $0) } }
                return intAssignment(to: bind(name), op.binary, operands, general: general)
            }
            let target = bind(name)
            let write = writer(target, name: name, range: node.range)
            let general: Code = { ctx, frame in
                try write(ctx, frame, try rhs(ctx, frame))
                return .null
            }
            guard case .binary(let bop, let l, let r) = value.kind else { return general }
            return intAssignment(to: target, bop, intOperands(l, r), general: general)
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
                // Checked before anything changes: the new value sits `path.count` levels down
                // (for `+=` its elements join a container at that depth, so the bound is the same).
                if !path.isEmpty { try Nesting.check(new, under: path.count) }
                try modify(ctx, frame) { root in
                    try Access.update(&root, path[...]) { leaf in
                        guard let combine else { return leaf = new }
                        if op == .add, InPlace.appends(leaf, new) { InPlace.append(&leaf, new) } else { leaf = try combine(leaf, new) }
                    }
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
