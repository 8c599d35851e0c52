import CiviCore

/// `while test { body }`: the test inline (see `Condition`), and a body of one or two statements
/// called directly from the loop rather than through a chain closure (the common loop bodies).
struct WhileLoop: ConditionUser {
    let body: [Compiled]

    func make<C: Condition>(_ test: C) -> Code {
        switch body.count {
        case 1: return WhileLoop.loop(test, OneStatement(a: body[0].run))
        case 2: return WhileLoop.loop(test, TwoStatements(a: body[0].run, b: body[1].run))
        default: return WhileLoop.loop(test, OneStatement(a: Compiler.chain(body[...])))
        }
    }

    /// The loop over `test` and `body`, checking signals, Ctrl-C and the step limit every iteration.
    static func loop<C: Condition, B: LoopBody>(_ test: C, _ body: B) -> Code {
        { ctx, frame in
            while try test.holds(ctx, frame) {
                try body.run(ctx, frame)
                if ctx.signal != .none {
                    if ctx.signal == .returnValue { return .null }
                    let stop = ctx.signal == .breakLoop
                    ctx.signal = .none
                    if stop { break }
                }
                try ctx.tick()
            }
            return .null
        }
    }
}

/// The statements of a loop body, run in order until one raises a signal; their values are dropped.
protocol LoopBody {
    func run(_ ctx: Context, _ frame: Frame) throws
}

/// A body of one statement (or a chain of several).
struct OneStatement: LoopBody {
    let a: Code

    @inline(__always)
    func run(_ ctx: Context, _ frame: Frame) throws { _ = try a(ctx, frame) }
}

/// A body of two statements.
struct TwoStatements: LoopBody {
    let a: Code
    let b: Code

    @inline(__always)
    func run(_ ctx: Context, _ frame: Frame) throws {
        _ = try a(ctx, frame)
        if ctx.signal != .none { return }
        _ = try b(ctx, frame)
    }
}
