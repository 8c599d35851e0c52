import CiviCore

/// `assert(left OP right)` compiled so that a failure shows both sides, not only "false".
extension Compiler {
    /// The code of an `assert` whose condition is a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)
    /// when `assert` is the built-in; nil for every other call.
    func assertComparison(_ callee: Expr, _ args: [Argument], _ range: SourceRange) -> Code? {
        guard case .name(let name) = callee.kind, name == "assert", scope.resolveLocal(name) == nil,
              globals.index[name] == nil, builtins[name] != nil,
              (1...2).contains(args.count), !args.contains(where: { $0.name != nil }),
              case .binary(let op, let l, let r) = args[0].value.kind,
              [BinaryOp.eq, .ne, .lt, .le, .gt, .ge].contains(op) else { return nil }
        let left = expression(l), right = expression(r)
        let message = args.count > 1 ? expression(args[1].value) : nil
        let source = self.source, regexes = runtime.regexes
        let condition = source.text(args[0].value.range)
        return { ctx, frame in
            let x = try left(ctx, frame), y = try right(ctx, frame)
            let holds: Bool = switch op {
            case .eq: x == y
            case .ne: x != y
            default: try at(range, source) { try Operators.apply(op, x, y, regexes: regexes) }.isTruthy
            }
            if holds { return .null }
            var text = "assertion failed: "
            if let message { text += ValueFormat.str(try message(ctx, frame)) + "\n  " }
            text += condition + "\n  left:  " + ValueFormat.repr(x) + "\n  right: " + ValueFormat.repr(y)
            return try at(range, source) { throw Fault(text) }
        }
    }
}
