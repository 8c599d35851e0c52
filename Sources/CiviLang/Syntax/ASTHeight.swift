/// The height of a syntax tree: how deep the compiler, the pushdown analysis, the compiled closures
/// and the tree's own deallocation recurse over it. Each node stores it (computed once, from its
/// children's) so the parser can stop a too-deep tree as it grows, whatever form makes it deep:
/// brackets, but also left-associative chains (`1 + 1 + ...`, `x[0][0]...`, `| map it | map it ...`)
/// and lambdas (`x => x => ...`), which the parser builds without recursing.
extension ExprKind {
    /// The greatest height among this node's children (0 for a leaf).
    var childHeight: Int {
        switch self {
        case .literal, .name, .it: 0
        case .interpolated(let parts): parts.reduce(0) { h, p in max(h, p.height) }
        case .field(let e, _), .optionalField(let e, _), .negate(let e), .not(let e): e.height
        case .slice(let e, let from, let to): max(e.height, from?.height ?? 0, to?.height ?? 0)
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .coalesce(let a, let b):
            max(a.height, b.height)
        case .call(let callee, let args): max(callee.height, args.maxHeight)
        case .list(let items): items.lazy.map(\.height).max() ?? 0
        case .record(let fields): fields.lazy.map(\.value.height).max() ?? 0
        case .lambda(_, let body): body.height
        case .ifElse(let branches, let otherwise):
            // Each `else if` nests the closure of the rest of the chain one level deeper.
            branches.count - 1 + branches.reduce(otherwise?.height ?? 0) { h, b in max(h, b.condition.height, b.body.height) }
        case .tryCatch(let body, _, let handler): max(body.height, handler.height)
        case .pipeline(let input, let stage): max(input.height, stage.kind.childHeight)
        }
    }
}

extension InterpolationPart {
    /// The height of the embedded expression (0 for text).
    var height: Int {
        if case .expr(let e) = self { return e.height }
        return 0
    }
}

extension StageKind {
    /// The greatest height among the stage's argument expressions.
    var childHeight: Int {
        switch self {
        case .filter(let e), .map(let e), .take(let e), .skip(let e), .group(let e), .each(let e), .save(let e): e.height
        case .sort(let e, _), .sum(let e), .avg(let e), .min(let e), .max(let e), .unique(let e): e?.height ?? 0
        // The argument of `parallel` is compiled as the body of a function: two more levels.
        case .parallel(let n, let e): Swift.max(n.height, e.height + 2)
        case .call(let callee, let args): Swift.max(callee.height, args.maxHeight)
        case .select, .first, .last, .count, .flatten, .collect, .render: 0
        }
    }
}

extension StmtKind {
    /// The greatest height among the statement's expressions and blocks.
    var childHeight: Int {
        switch self {
        case .expr(let e): e.height
        case .assign(let target, _, let value): max(target.height, value.height)
        case .function(_, _, let body): body.height
        case .forIn(_, let sequence, let body): max(sequence.height, body.height)
        case .whileLoop(let condition, let body): max(condition.height, body.height)
        case .breakLoop, .continueLoop, .use: 0
        case .returnValue(let e): e?.height ?? 0
        }
    }
}

extension Array where Element == Argument {
    /// The greatest height among the arguments' values.
    var maxHeight: Int { lazy.map(\.value.height).max() ?? 0 }
}
