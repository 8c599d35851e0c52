import CiviCore

/// An expression and the source it came from.
package struct Expr {
    package let kind: ExprKind
    package var range: SourceRange
    /// Levels of syntax below and including this node (see `ASTHeight.swift`).
    package let height: Int

    package init(kind: ExprKind, range: SourceRange) {
        self.kind = kind
        self.range = range
        height = 1 + kind.childHeight
    }
}

/// A part of an interpolated string.
package enum InterpolationPart {
    case text(String)
    case expr(Expr)
}

/// A call argument, optionally named (`state: "CA"`).
package struct Argument {
    package var name: String?
    package var value: Expr
    package var range: SourceRange

    /// Makes an argument (tools that translate civi build calls of their own, e.g. the exporter).
    package init(name: String?, value: Expr, range: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}

/// Binary operators that evaluate both sides.
package enum BinaryOp: String {
    case add = "+", sub = "-", mul = "*", div = "/", rem = "%"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case `in` = "in", match = "=~"
}

/// The forms an expression can take.
package indirect enum ExprKind {
    case literal(Value)
    case interpolated([InterpolationPart])
    case name(String)
    /// The current element inside a stage argument.
    case it
    case field(Expr, String)
    /// `base.name?`: null when the record lacks the field, never the typo error of API records.
    case optionalField(Expr, String)
    case index(Expr, Expr)
    /// `base[from:to]`, either bound optional (`xs[1:]`, `s[:3]`).
    case slice(Expr, from: Expr?, to: Expr?)
    case call(Expr, [Argument])
    case negate(Expr)
    case not(Expr)
    case binary(BinaryOp, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case coalesce(Expr, Expr)
    case list([Expr])
    case record([(key: String, value: Expr)])
    case lambda(params: [String], body: Block)
    case ifElse(branches: [(condition: Expr, body: Block)], otherwise: Block?)
    case tryCatch(body: Block, name: String?, handler: Block)
    case pipeline(Expr, Stage)
}

/// A pipeline stage after `|`.
package struct Stage {
    package var kind: StageKind
    package var range: SourceRange
}

/// The stages of the language; `call` is any function used as a stage (`xs | f(1)` is `f(xs, 1)`).
package enum StageKind {
    case filter(Expr)
    case map(Expr)
    /// Fields to keep; those written `name?` may be absent from an API record (null, no typo error).
    case select([String], optional: Set<String>, ranges: [SourceRange])
    case sort(Expr?, descending: Bool)
    case take(Expr)
    case skip(Expr)
    case first, last, count, flatten, collect
    case sum(Expr?), avg(Expr?), min(Expr?), max(Expr?)
    case group(Expr)
    case unique(Expr?)
    case each(Expr)
    case parallel(Expr, Expr)
    case render(String)
    case save(Expr)
    case call(Expr, [Argument])
}

/// Compound assignment operators (`+=` ...); nil means plain `=`.
package enum AssignOp: String {
    case add = "+=", sub = "-=", mul = "*=", div = "/="

    package var binary: BinaryOp {
        switch self {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        }
    }
}

/// A statement and the source it came from.
package struct Stmt {
    package let kind: StmtKind
    package var range: SourceRange
    /// Levels of syntax below and including this node.
    package let height: Int

    package init(kind: StmtKind, range: SourceRange) {
        self.kind = kind
        self.range = range
        height = 1 + kind.childHeight
    }
}

/// The forms a statement can take.
package enum StmtKind {
    case expr(Expr)
    case assign(target: Expr, op: AssignOp?, value: Expr)
    case function(name: String, params: [String], body: Block)
    case forIn(name: String, sequence: Expr, body: Block)
    case whileLoop(condition: Expr, body: Block)
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
    /// `use "lib.civi"`: the top-level functions and variables of another file (see `Compiler+Use.swift`).
    case use(path: String)
}

/// A `{ ... }` block: its value is the value of its last expression statement.
package struct Block {
    package let statements: [Stmt]
    package var range: SourceRange
    /// Levels of syntax below and including this node.
    package let height: Int

    package init(statements: [Stmt], range: SourceRange) {
        self.statements = statements
        self.range = range
        height = 1 + (statements.lazy.map(\.height).max() ?? 0)
    }
}
