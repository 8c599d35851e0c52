import CiviCore

/// A loop or branch condition, tested in place by the code that uses it (no closure call and no
/// bool value for an int comparison).
protocol Condition {
    func holds(_ ctx: Context, _ frame: Frame) throws -> Bool
}

/// `l op r` for a comparison operator, on operands read in place; the general code for non-ints.
struct IntComparison<L: IntSource, R: IntSource>: Condition {
    let l: L
    let r: R
    let op: BinaryOp
    let general: Code

    @inline(__always)
    func holds(_ ctx: Context, _ frame: Frame) throws -> Bool {
        if let x = l.int(frame), let y = r.int(frame) {
            switch op {
            case .lt: return x < y
            case .le: return x <= y
            case .gt: return x > y
            case .ge: return x >= y
            case .eq: return x == y
            case .ne: return x != y
            default: break
            }
        }
        return try general(ctx, frame).isTruthy
    }
}

/// Any expression as a condition: its value's truth.
struct CodeCondition: Condition {
    let code: Code

    @inline(__always)
    func holds(_ ctx: Context, _ frame: Frame) throws -> Bool { try code(ctx, frame).isTruthy }
}

/// Makes the code of a statement from its condition, specialised for the condition's type.
protocol ConditionUser {
    func make<C: Condition>(_ test: C) -> Code
}

/// A condition compiled before the code that uses it (so names resolve in source order), not yet
/// given its concrete type.
enum PreparedCondition {
    case comparison(IntOperands, BinaryOp, general: Code)
    case code(Code)

    /// The code `user` makes with this condition.
    func build<U: ConditionUser>(_ user: U) -> Code {
        switch self {
        case .comparison(let operands, let op, let general): operands.build(ComparisonUser(user: user, op: op, general: general))
        case .code(let code): user.make(CodeCondition(code: code))
        }
    }
}

/// Hands a comparison of two concrete int sources to a condition's user.
private struct ComparisonUser<U: ConditionUser>: IntPairBuilder {
    let user: U
    let op: BinaryOp
    let general: Code

    func make<L: IntSource, R: IntSource>(_ l: L, _ r: R) -> Code {
        user.make(IntComparison(l: l, r: r, op: op, general: general))
    }
}

extension Compiler {
    /// Compiles condition `e`: a comparison with operands read in place when it is one.
    func condition(_ e: Expr) -> PreparedCondition {
        let general = expression(e)
        if case .binary(let op, let l, let r) = e.kind, [.lt, .le, .gt, .ge, .eq, .ne].contains(op),
           let operands = intOperands(l, r) {
            return .comparison(operands, op, general: general)
        }
        return .code(general)
    }
}

/// One `if test { then } else ...` branch; `other` is the rest of the chain.
struct IfBranch: ConditionUser {
    let then: Code
    let other: Code

    func make<C: Condition>(_ test: C) -> Code {
        let then = then, other = other
        return { ctx, frame in try test.holds(ctx, frame) ? try then(ctx, frame) : try other(ctx, frame) }
    }
}

/// `if test { local } else ...`: the branch reads its local in place (`if n < 2 { n }`).
struct IfSlotBranch: ConditionUser {
    let slot: Int
    let other: Code

    func make<C: Condition>(_ test: C) -> Code {
        let slot = slot, other = other
        return { ctx, frame in try test.holds(ctx, frame) ? frame.slots[slot] : try other(ctx, frame) }
    }
}
