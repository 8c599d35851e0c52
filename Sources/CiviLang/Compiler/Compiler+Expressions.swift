import CiviCore
import Synchronization

/// Expressions become closures; common shapes (`n < 2`, `n - 1`) get specialised closures.
extension Compiler {
    func expression(_ e: Expr) -> Code {
        let source = self.source, range = e.range
        switch e.kind {
        case .literal(let v):
            return { _, _ in v }
        case .interpolated(let parts):
            let codes: [Compiled] = parts.map {
                switch $0 {
                case .text(let s): Compiled { _, _ in .string(s) }
                case .expr(let x): Compiled(run: expression(x))
                }
            }
            return { ctx, frame in
                var out = ""
                for code in codes {
                    let v = try code.run(ctx, frame)
                    if case .string(let s) = v { out += s } else { out += ValueFormat.str(v) }
                }
                return .string(out)
            }
        case .name(let name):
            return read(name, range)
        case .it:
            guard let r = scope.resolveLocal(FunctionScope.itName) else {
                return fail("`it` is only defined inside a pipeline stage's argument", range,
                            hint: "e.g. `xs | map it * 2`; outside stages use a lambda: `x => x * 2`")
            }
            return reader(r, name: "it", range: range)
        case .field(let base, let name):
            if case .it = base.kind, scope.resolveLocal(FunctionScope.itName) == nil {
                return fail("`.\(name)` is only valid inside a pipeline stage's argument", range,
                            hint: "write `x.\(name)`, or use it in a stage: `xs | where .\(name) == ...`")
            }
            checkField(of: base, name, range)
            return fieldAccess(expression(base), name, range)
        case .optionalField(let base, let name):
            if case .it = base.kind, scope.resolveLocal(FunctionScope.itName) == nil {
                return fail("`.\(name)?` is only valid inside a pipeline stage's argument", range,
                            hint: "write `x.\(name)?`, or use it in a stage: `xs | where .\(name)? == ...`")
            }
            return fieldAccess(expression(base), name, range, optional: true)
        case .slice(let base, let from, let to):
            let b = expression(base)
            let lo: Code = from.map { expression($0) } ?? { _, _ in .null }
            let hi: Code = to.map { expression($0) } ?? { _, _ in .null }
            return { ctx, frame in
                let container = try b(ctx, frame), start = try lo(ctx, frame), end = try hi(ctx, frame)
                return try at(range, source) { try Slicing.slice(container, from: start, to: end) }
            }
        case .index(let base, let index):
            let b = expression(base), i = expression(index)
            return { ctx, frame in
                let container = try b(ctx, frame), key = try i(ctx, frame)
                return try at(range, source) { try Access.index(container, key) }
            }
        case .call(let callee, let args):
            return call(callee, args, range)
        case .negate(let x):
            let c = expression(x)
            return { ctx, frame in
                let v = try c(ctx, frame)
                return try at(range, source) { try Operators.negate(v) }
            }
        case .not(let x):
            let c = expression(x)
            return { ctx, frame in .bool(!(try c(ctx, frame).isTruthy)) }
        case .binary(let op, let l, let r):
            return binary(op, l, r, range)
        case .and(let l, let r):
            let a = expression(l), b = expression(r)
            return { ctx, frame in try a(ctx, frame).isTruthy ? .bool(try b(ctx, frame).isTruthy) : .bool(false) }
        case .or(let l, let r):
            let a = expression(l), b = expression(r)
            return { ctx, frame in try a(ctx, frame).isTruthy ? .bool(true) : .bool(try b(ctx, frame).isTruthy) }
        case .coalesce(let l, let r):
            let a = expression(l), b = expression(r)
            return { ctx, frame in
                let v = try a(ctx, frame)
                if case .null = v { return try b(ctx, frame) }
                return v
            }
        case .list(let items):
            let codes = items.map { Compiled(run: expression($0)) }
            return { ctx, frame in
                var out: [Value] = []
                out.reserveCapacity(codes.count)
                for c in codes { out.append(try c.run(ctx, frame)) }
                try at(range, source) { try Nesting.check(out) }
                return .list(out)
            }
        case .record(let fields):
            let shape = Shape(keys: uniqueKeys(fields.map(\.key)))
            let slots = fields.map { shape.slot(of: $0.key) ?? 0 }
            let codes = fields.map { Compiled(run: expression($0.value)) }
            return { ctx, frame in
                var values = [Value](repeating: .null, count: shape.keys.count)
                for k in 0..<codes.count { values[slots[k]] = try codes[k].run(ctx, frame) }
                try at(range, source) { try Nesting.check(values) }
                return .record(Record(shape: shape, values: values))
            }
        case .lambda(let params, let body):
            let info = function(name: "<lambda>", params: params, body: body, range: range)
            return { _, frame in .function(Closure(info: info, captured: frame)) }
        case .ifElse(let branches, let otherwise):
            var chain: Code = { _, _ in .null }
            if let otherwise { chain = block(otherwise) }
            for (condition, body) in branches.reversed() {
                let test = self.condition(condition), other = chain
                if let slot = localSlotBlock(body) {
                    chain = test.build(IfSlotBranch(slot: slot, other: other))
                } else {
                    chain = test.build(IfBranch(then: block(body), other: other))
                }
            }
            return chain
        case .tryCatch(let body, let name, let handler):
            return tryCatch(body, name, handler)
        case .pipeline(let input, let stage):
            return pipeline(input, stage)
        }
    }

    /// The slot when block `b` is just the name of a current-function local, else nil.
    func localSlotBlock(_ b: Block) -> Int? {
        guard b.statements.count == 1, case .expr(let e) = b.statements[0].kind else { return nil }
        return currentSlot(e)
    }

    func uniqueKeys(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// `.field` with an inline cache of the slot for the last record shape seen. When `optional`
    /// (`.field?`), a field the record lacks is null even on an API record.
    func fieldAccess(_ base: @escaping Code, _ name: String, _ range: SourceRange, optional: Bool = false) -> Code {
        let cache = FieldCache()
        let source = self.source
        return { ctx, frame in
            let b = try base(ctx, frame)
            switch b {
            case .record(let r):
                if r.shape === cache.shape { return r.value(atSlot: cache.slot) }
                guard let s = r.shape.slot(of: name) else {
                    if optional { return .null }
                    return try at(range, source) { try MissingField.value(r, name, ctx.runtime) }
                }
                if !ctx.isWorker {
                    cache.shape = r.shape
                    cache.slot = s
                }
                return r.value(atSlot: s)
            case .null:
                return .null
            case .date(let d):
                return try at(range, source) { try DateParts.value(d, name, optional: optional) }
            default:
                if optional { return .null }
                throw Fault("cannot read field `\(name)` of \(b.typeName)",
                            hint: b.typeName == "stream" ? "collect the stream first: `(s | collect)`" : nil).located(range, in: source)
            }
        }
    }

    func tryCatch(_ body: Block, _ name: String?, _ handler: Block) -> Code {
        tryDepth += 1
        let run = block(body)
        tryDepth -= 1
        scope.push()
        let slot = name.map { scope.declareLocal($0) }
        let recover = sequence(handler.statements)
        scope.pop()
        return { ctx, frame in
            let depth = ctx.depth
            do {
                return try run(ctx, frame)
            } catch let f as Fault where f.kind == .error {
                // Ctrl-C may surface as the error of whatever it cut short: never handle that.
                if ctx.runtime.cancelled.load(ordering: .relaxed) { throw f.afterCancellation() }
                ctx.depth = depth
                if let slot { frame[slot] = f.record }
                return try recover(ctx, frame)
            }
        }
    }

    func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ range: SourceRange) -> Code {
        intBinary(op, l, r, general: generalBinary(op, l, r, range))
    }

    /// `l op r` without the fast path for operands read in place.
    func generalBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ range: SourceRange) -> Code {
        if case .literal(.int(let k)) = r.kind, let code = intLiteralOp(op, l, k, range) { return code }
        let a = expression(l), b = expression(r)
        let source = self.source, regexes = runtime.regexes
        switch op {
        case .add:
            return { ctx, frame in
                let x = try a(ctx, frame), y = try b(ctx, frame)
                if case .int(let i) = x, case .int(let j) = y {
                    let (s, o) = i.addingReportingOverflow(j)
                    if !o { return .int(s) }
                }
                return try at(range, source) { try Operators.add(x, y) }
            }
        case .eq:
            return { ctx, frame in .bool(try a(ctx, frame) == b(ctx, frame)) }
        case .ne:
            return { ctx, frame in .bool(try a(ctx, frame) != b(ctx, frame)) }
        default:
            return { ctx, frame in
                let x = try a(ctx, frame), y = try b(ctx, frame)
                return try at(range, source) { try Operators.apply(op, x, y, regexes: regexes) }
            }
        }
    }
}

/// The last record shape a `.field` saw and the field's slot in it.
final class FieldCache: @unchecked Sendable {
    var shape: Shape?
    var slot = 0
}
