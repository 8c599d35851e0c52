import CiviCore

/// Specialised code for the hot shapes of loops and recursion: an operand and an int literal
/// (`n < 2`, `n - 1`, `i + 1`), reading the operand straight from its slot when it is a local of
/// the current function. Anything but an int on the left goes the general way.
extension Compiler {
    /// The slot of `e` when it names a local variable of the current function.
    func currentSlot(_ e: Expr) -> Int? {
        guard case .name(let name) = e.kind, case .local(0, let slot, _)? = scope.resolveLocal(name) else { return nil }
        return slot
    }

    /// Code for `l op k`, or nil when `op` has no int fast path.
    func intLiteralOp(_ op: BinaryOp, _ l: Expr, _ k: Int, _ range: SourceRange) -> Code? {
        switch op {
        case .lt, .le, .gt, .ge, .add, .sub: break
        default: return nil
        }
        let slow = intSlowPath(op, k, range)
        if let slot = currentSlot(l) {
            return { _, frame in
                if case .int(let x) = frame.slots[slot], let r = intOp(op, x, k) { return r }
                return try slow(frame.slots[slot])
            }
        }
        let a = expression(l)
        return { ctx, frame in
            let v = try a(ctx, frame)
            if case .int(let x) = v, let r = intOp(op, x, k) { return r }
            return try slow(v)
        }
    }
}

extension Compiler {
    /// The general meaning of `v op k`, located at `range`, for operands the fast paths decline.
    func intSlowPath(_ op: BinaryOp, _ k: Int, _ range: SourceRange) -> (Value) throws -> Value {
        let source = self.source, regexes = runtime.regexes
        return { v in try at(range, source) { try Operators.apply(op, v, .int(k), regexes: regexes) } }
    }

    /// `local < k` (or `<=`, `>`, `>=`) as a condition tested in place, without a closure call or a
    /// bool value; nil for other conditions.
    func slotComparison(_ e: Expr) -> SlotComparison? {
        guard case .binary(let op, let l, let r) = e.kind, [.lt, .le, .gt, .ge].contains(op),
              case .literal(.int(let k)) = r.kind, let slot = currentSlot(l) else { return nil }
        let source = self.source, regexes = runtime.regexes, range = e.range
        return SlotComparison(slot: slot, op: op, k: k) { v in
            try at(range, source) { try Operators.apply(op, v, .int(k), regexes: regexes) }.isTruthy
        }
    }
}

/// A comparison of a current-function local with an int literal, compiled for `if` conditions.
struct SlotComparison {
    let slot: Int
    let op: BinaryOp
    let k: Int
    /// The general meaning, for a local that is not an int.
    let slow: (Value) throws -> Bool

    @inline(__always)
    func holds(_ frame: Frame) throws -> Bool {
        if case .int(let x) = frame.slots[slot], case .bool(let b)? = intOp(op, x, k) { return b }
        return try slow(frame.slots[slot])
    }
}

/// `x op y` on ints; nil on overflow (the general path reports it) or for other operators.
@inline(__always)
func intOp(_ op: BinaryOp, _ x: Int, _ y: Int) -> Value? {
    switch op {
    case .lt: return .bool(x < y)
    case .le: return .bool(x <= y)
    case .gt: return .bool(x > y)
    case .ge: return .bool(x >= y)
    case .add:
        let (s, o) = x.addingReportingOverflow(y)
        return o ? nil : .int(s)
    case .sub:
        let (d, o) = x.subtractingReportingOverflow(y)
        return o ? nil : .int(d)
    default: return nil
    }
}
