import CiviCore
import CiviLang

/// Which expressions are lists before the program runs, so the emitter may write a `where`/`map`
/// over them as a comprehension or an array method. A stage over a stream stays a runtime call
/// (it is lazy, counted from `meta.total`, shown as a stream), so every answer here errs toward
/// "not known": a name is a list only when every binding of that name anywhere in the program is a
/// plain assignment of a list, and only where it is read after its first top-level assignment has run.
struct ListFacts {
    /// Names that always hold a list, with the index of the top-level statement that first assigns them.
    private(set) var names: [String: Int] = [:]
    /// Names bound anywhere in the program (a user `range` hides the built-in).
    private var bound: Set<String> = []
    /// False when the program reads libraries: then nothing is known to be a list.
    private var knowsBindings = false

    /// A program that reads other files (`use`) binds names this walk cannot see: nothing is known.
    init(_ statements: [Stmt]) {
        var collector = Collector()
        for (n, s) in statements.enumerated() {
            if case .function = s.kind { collector.visit(s, top: nil) } else { collector.visit(s, top: n) }
            if case .assign(let target, nil, _) = s.kind, case .name(let name) = target.kind, collector.firstTop[name] == nil {
                collector.firstTop[name] = n
            }
        }
        guard !collector.readsLibraries else { return }
        knowsBindings = true
        bound = Set(collector.bindings.keys)
        var candidates: [String: Int] = [:]
        for (name, first) in collector.firstTop where collector.bindings[name]?.allSatisfy({ $0.value != nil }) == true {
            candidates[name] = first
        }
        // Greatest fixed point: drop a name while one of its assignments is not a list given the others.
        var changed = true
        while changed {
            changed = false
            for (name, _) in candidates {
                let facts = ListFacts(names: candidates, bound: bound)
                let all = collector.bindings[name] ?? []
                if !all.allSatisfy({ b in b.value.map { facts.isList($0, atTopLevelStatement: b.top) } ?? false }) {
                    candidates[name] = nil
                    changed = true
                }
            }
        }
        names = candidates
    }

    private init(names: [String: Int], bound: Set<String>) {
        self.names = names
        self.bound = bound
        knowsBindings = true
    }

    /// Whether `e` is certainly a list when it is evaluated inside top-level statement `top` (nil:
    /// inside a top-level `fn`, which may run before any top-level assignment).
    func isList(_ e: Expr, atTopLevelStatement top: Int?) -> Bool {
        guard knowsBindings else { return false }
        switch e.kind {
        case .list, .literal(.list(_)):
            return true
        case .name(let n):
            guard let first = names[n], let top else { return false }
            return top > first
        case .call(let callee, let arguments):
            // `range(a[, b])` is a list or an error, in every runtime.
            guard case .name("range") = callee.kind, !bound.contains("range") else { return false }
            return (1...2).contains(arguments.count) && arguments.allSatisfy { $0.name == nil }
        case .pipeline(let input, let stage):
            switch stage.kind {
            case .sort, .group, .unique, .flatten, .collect, .parallel: return true
            case .filter, .map, .select, .take, .skip: return isList(input, atTopLevelStatement: top)
            default: return false
            }
        default:
            return false
        }
    }
}

/// Every binding of every name in a program: the value of a plain assignment, or nil for any other
/// way a name gets a value (a parameter, a loop or catch variable, a `fn`, a compound assignment).
private struct Collector {
    struct Binding {
        let value: Expr?
        let top: Int?
    }

    var bindings: [String: [Binding]] = [:]
    var firstTop: [String: Int] = [:]
    var readsLibraries = false

    mutating func bind(_ name: String, _ value: Expr?, top: Int?) {
        bindings[name, default: []].append(Binding(value: value, top: top))
    }

    mutating func visit(_ s: Stmt, top: Int?) {
        switch s.kind {
        case .expr(let e):
            visit(e, top: top)
        case .assign(let target, let op, let value):
            var root = target
            while true {
                if case .field(let base, _) = root.kind {
                    root = base
                } else if case .index(let base, let i) = root.kind {
                    visit(i, top: top)
                    root = base
                } else {
                    break
                }
            }
            // A path assignment (`xs[0] = v`) keeps a list a list (or fails); `+=` may change its type.
            if case .name(let n) = root.kind {
                if op != nil { bind(n, nil, top: top) } else if case .name = target.kind { bind(n, value, top: top) }
            }
            visit(value, top: top)
        case .function(let name, let params, let body):
            bind(name, nil, top: top)
            for p in params { bind(p, nil, top: top) }
            visit(body, top: top)
        case .forIn(let name, let sequence, let body):
            bind(name, nil, top: top)
            visit(sequence, top: top)
            visit(body, top: top)
        case .whileLoop(let condition, let body):
            visit(condition, top: top)
            visit(body, top: top)
        case .returnValue(let e):
            if let e { visit(e, top: top) }
        case .use:
            readsLibraries = true
        case .breakLoop, .continueLoop:
            break
        }
    }

    mutating func visit(_ b: Block, top: Int?) {
        for s in b.statements { visit(s, top: top) }
    }

    mutating func visit(_ e: Expr?, top: Int?) {
        guard let e else { return }
        switch e.kind {
        case .literal, .name, .it:
            break
        case .interpolated(let parts):
            for case .expr(let x) in parts { visit(x, top: top) }
        case .field(let x, _), .optionalField(let x, _), .negate(let x), .not(let x):
            visit(x, top: top)
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .coalesce(let a, let b):
            visit(a, top: top)
            visit(b, top: top)
        case .slice(let x, let from, let to):
            visit(x, top: top)
            visit(from, top: top)
            visit(to, top: top)
        case .call(let callee, let arguments):
            visit(callee, top: top)
            for a in arguments { visit(a.value, top: top) }
        case .list(let xs):
            for x in xs { visit(x, top: top) }
        case .record(let fields):
            for f in fields { visit(f.value, top: top) }
        case .lambda(let params, let body):
            for p in params { bind(p, nil, top: top) }
            visit(body, top: top)
        case .ifElse(let branches, let otherwise):
            for b in branches {
                visit(b.condition, top: top)
                visit(b.body, top: top)
            }
            if let otherwise { visit(otherwise, top: top) }
        case .tryCatch(let body, let name, let handler):
            visit(body, top: top)
            if let name { bind(name, nil, top: top) }
            visit(handler, top: top)
        case .pipeline(let input, let stage):
            visit(input, top: top)
            visit(stage, top: top)
        }
    }

    mutating func visit(_ stage: Stage, top: Int?) {
        switch stage.kind {
        case .filter(let x), .map(let x), .take(let x), .skip(let x), .group(let x), .each(let x), .save(let x):
            visit(x, top: top)
        case .sort(let x, _), .sum(let x), .avg(let x), .min(let x), .max(let x), .unique(let x):
            visit(x, top: top)
        case .parallel(let a, let b):
            visit(a, top: top)
            visit(b, top: top)
        case .call(let callee, let arguments):
            visit(callee, top: top)
            for a in arguments { visit(a.value, top: top) }
        case .select, .first, .last, .count, .flatten, .collect, .render:
            break
        }
    }
}
