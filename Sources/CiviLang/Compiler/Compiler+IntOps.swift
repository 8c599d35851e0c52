import CiviCore

/// Specialised code for the hot shapes of loops and recursion: arithmetic and comparisons whose
/// operands are int literals, locals of the current function or top-level variables (`n < 2`,
/// `n - 1`, `total + i`), read in place without a closure call. Anything but ints goes the
/// general way.
extension Compiler {
    /// The slot of `e` when it names a local variable of the current function.
    func currentSlot(_ e: Expr) -> Int? {
        guard case .name(let name) = e.kind, case .local(0, let slot, _)? = scope.resolveLocal(name) else { return nil }
        return slot
    }

    /// Code for `l op r`: in place when both operands are int sources and `op` has an int fast
    /// path, with `general` for everything else.
    func intBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, general: @escaping Code) -> Code {
        guard intOp(op, 0, 1) != nil, let operands = intOperands(l, r) else { return general }
        return operands.build(IntBinaryCode(op: op, general: general))
    }

    /// Code for `l op k` with any expression on the left, or nil when `op` has no int fast path.
    func intLiteralOp(_ op: BinaryOp, _ l: Expr, _ k: Int, _ range: SourceRange) -> Code? {
        guard intOp(op, 0, 1) != nil else { return nil }
        let slow = intSlowPath(op, k, range)
        let a = expression(l)
        return { ctx, frame in
            let v = try a(ctx, frame)
            if case .int(let x) = v, let r = intOp(op, x, k) { return r }
            return try slow(v)
        }
    }

    /// The general meaning of `v op k`, located at `range`, for operands the fast paths decline.
    func intSlowPath(_ op: BinaryOp, _ k: Int, _ range: SourceRange) -> (Value) throws -> Value {
        let slow = binarySlowPath(op, range)
        return { v in try slow(v, .int(k)) }
    }

    /// The general meaning of `a op b`, located at `range`.
    func binarySlowPath(_ op: BinaryOp, _ range: SourceRange) -> (Value, Value) throws -> Value {
        let source = self.source, regexes = runtime.regexes
        return { a, b in try at(range, source) { try Operators.apply(op, a, b, regexes: regexes) } }
    }
}

/// `l op r` as an expression: the int result in place, else the general code.
struct IntBinaryCode: IntPairBuilder {
    let op: BinaryOp
    let general: Code

    func make<L: IntSource, R: IntSource>(_ l: L, _ r: R) -> Code {
        let op = op, general = general
        return { ctx, frame in
            if let x = l.int(frame), let y = r.int(frame), let v = intOp(op, x, y) { return v }
            return try general(ctx, frame)
        }
    }
}

/// `x op y` on ints; nil on overflow or a zero divisor (the general path reports them) or for
/// operators without an int fast path.
@inline(__always)
func intOp(_ op: BinaryOp, _ x: Int, _ y: Int) -> Value? {
    switch op {
    case .lt: return .bool(x < y)
    case .le: return .bool(x <= y)
    case .gt: return .bool(x > y)
    case .ge: return .bool(x >= y)
    case .eq: return .bool(x == y)
    case .ne: return .bool(x != y)
    default: return intArithmetic(op, x, y).map { .int($0) }
    }
}

/// `x op y` for `+ - * %` on ints; nil on overflow, a zero divisor or another operator.
@inline(__always)
func intArithmetic(_ op: BinaryOp, _ x: Int, _ y: Int) -> Int? {
    switch op {
    case .add:
        let (s, o) = x.addingReportingOverflow(y)
        return o ? nil : s
    case .sub:
        let (d, o) = x.subtractingReportingOverflow(y)
        return o ? nil : d
    case .mul:
        let (p, o) = x.multipliedReportingOverflow(by: y)
        return o ? nil : p
    case .rem:
        guard y != 0 else { return nil }
        let (r, o) = x.remainderReportingOverflow(dividingBy: y)
        return o ? nil : r
    default: return nil
    }
}
