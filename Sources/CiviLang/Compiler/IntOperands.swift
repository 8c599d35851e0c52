import CiviCore

/// Where an int fast path finds an operand without calling a closure. Anything but an int sends
/// the fast path to the general code it was compiled with (which reports errors such as an
/// unassigned variable), so a source carries nothing but its location.
protocol IntSource {
    /// The operand when it is an int right now.
    func int(_ frame: Frame) -> Int?
}

/// A variable an int fast path may also write in place.
protocol IntTarget: IntSource {
    /// Stores int `x`; false when the general code must do the assignment instead.
    func storeInt(_ x: Int, _ ctx: Context, _ frame: Frame) -> Bool
}

/// A local variable of the current function: a slot of the frame.
struct FrameSlot: IntTarget {
    let slot: Int

    @inline(__always)
    func int(_ frame: Frame) -> Int? {
        if case .int(let x) = frame.slots[slot] { return x }
        return nil
    }

    @inline(__always)
    func storeInt(_ x: Int, _ ctx: Context, _ frame: Frame) -> Bool {
        frame.slots[slot] = .int(x)
        return true
    }
}

/// A top-level variable, read and written at its cell's fixed address (the same for every frame),
/// so script-level variables are as fast as locals. An unassigned one holds null, so the fast
/// paths leave it to the general code, which reports it.
struct GlobalSlot: IntTarget {
    let pointer: UnsafeMutablePointer<Value>

    @inline(__always)
    func int(_ frame: Frame) -> Int? {
        if case .int(let x) = pointer.pointee { return x }
        return nil
    }

    /// Only an int over an int, and not on a `parallel` worker (where the general code reports the
    /// read-only error): the cell's bookkeeping of closures and assignment stays as it is.
    @inline(__always)
    func storeInt(_ x: Int, _ ctx: Context, _ frame: Frame) -> Bool {
        guard !ctx.isWorker, case .int = pointer.pointee else { return false }
        pointer.pointee = .int(x)
        return true
    }
}

/// An int literal operand.
struct IntConstant: IntSource {
    let k: Int

    @inline(__always)
    func int(_ frame: Frame) -> Int? { k }
}

/// An operand the int fast paths read in place, before it is given its concrete type.
enum IntOperand {
    case slot(Int)
    case global(UnsafeMutablePointer<Value>)
    case constant(Int)

    /// What `builder` makes of `left` and this operand on the right.
    func build<L: IntSource, B: IntPairBuilder>(left: L, _ builder: B) -> Code {
        switch self {
        case .slot(let s): builder.make(left, FrameSlot(slot: s))
        case .global(let p): builder.make(left, GlobalSlot(pointer: p))
        case .constant(let k): builder.make(left, IntConstant(k: k))
        }
    }
}

/// Two operands of an int fast path, turned into concrete types so that the code built from them
/// is specialised for each pair.
struct IntOperands {
    let left: IntOperand
    let right: IntOperand

    /// What `builder` makes of the two operands.
    func build<B: IntPairBuilder>(_ builder: B) -> Code {
        switch left {
        case .slot(let s): right.build(left: FrameSlot(slot: s), builder)
        case .global(let p): right.build(left: GlobalSlot(pointer: p), builder)
        case .constant(let k): right.build(left: IntConstant(k: k), builder)
        }
    }
}

/// Makes code from a pair of int sources (a generic function, which Swift closures cannot be).
/// The result is `Code` itself, not an associated type: a closure returned as a generic type
/// would be called through reabstraction thunks.
protocol IntPairBuilder {
    func make<L: IntSource, R: IntSource>(_ l: L, _ r: R) -> Code
}

extension Compiler {
    /// `e` as an operand read in place: an int literal, a local of the current function or a
    /// top-level variable; nil for anything else.
    func intOperand(_ e: Expr) -> IntOperand? {
        switch e.kind {
        case .literal(.int(let k)): return .constant(k)
        case .name(let name): return intOperand(named: name, e.range)
        default: return nil
        }
    }

    /// The variable `name` as an operand read in place, when it is a local of the current
    /// function or a top-level variable.
    func intOperand(named name: String, _ range: SourceRange) -> IntOperand? {
        if let r = scope.resolveLocal(name) {
            guard case .local(0, let slot, _) = r else { return nil }
            return .slot(slot)
        }
        guard globalCell(name, range) != nil, let i = globals.index[name] else { return nil }
        return .global(globals.valuePointer(i))
    }

    /// The operands of `l op r` when both read in place and at least one is a variable.
    func intOperands(_ l: Expr, _ r: Expr) -> IntOperands? {
        if case .literal(.int) = l.kind, case .literal(.int) = r.kind { return nil }
        guard let a = intOperand(l), let b = intOperand(r) else { return nil }
        return IntOperands(left: a, right: b)
    }
}

/// `target = l op r` for `+ - * %`: the int result stored in place, else `general` (the whole
/// assignment compiled the usual way; reading the operands twice has no side effects).
struct IntAssignment<T: IntTarget>: IntPairBuilder {
    let target: T
    let op: BinaryOp
    let general: Code

    func make<L: IntSource, R: IntSource>(_ l: L, _ r: R) -> Code {
        let target = target, op = op, general = general
        return { ctx, frame in
            if let x = l.int(frame), let y = r.int(frame), let z = intArithmetic(op, x, y), target.storeInt(z, ctx, frame) {
                return .null
            }
            return try general(ctx, frame)
        }
    }
}

extension Compiler {
    /// `name = l op r` (or `name op= r`, with `name` on the left) as one closure when the
    /// operands read in place, the operator is int arithmetic and `name` is a local of the
    /// current function or a top-level variable; else `general`. (Not an optional: a closure
    /// passed through `??` comes back wrapped in reabstraction thunks.)
    func intAssignment(to target: Resolution, _ op: BinaryOp, _ operands: IntOperands?, general: @escaping Code) -> Code {
        guard let operands, intArithmetic(op, 1, 1) != nil else { return general }
        switch target {
        case .local(0, let slot, false):
            return operands.build(IntAssignment(target: FrameSlot(slot: slot), op: op, general: general))
        case .global(let i):
            return operands.build(IntAssignment(target: GlobalSlot(pointer: globals.valuePointer(i)), op: op, general: general))
        default:
            return general
        }
    }
}
