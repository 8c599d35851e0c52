import CiviCore

/// A stage argument bound to its frame: element in, result out.
typealias ElementFn = (Context, Value) throws -> Value

/// The pipeline stages over lists; `where`/`map`/`take`/`skip`/`select` stay lazy on streams.
enum Stages {
    static func filter(_ ctx: Context, _ input: Value, _ pred: @escaping ElementFn) throws -> Value {
        if case .stream(let s) = input { return .stream(try s.operations().adding(.filter(pred), "where")) }
        var out: [Value] = []
        try ctx.forEach(input, stage: "where") { v in
            if try pred(ctx, v).isTruthy { out.append(v) }
            return true
        }
        return .list(out)
    }

    static func map(_ ctx: Context, _ input: Value, _ f: @escaping ElementFn) throws -> Value {
        if case .stream(let s) = input {
            // The results end up in a list (when collected): each must fit inside one.
            return .stream(try s.operations().adding(.map { ctx, v in
                let r = try f(ctx, v)
                try Nesting.check(r)
                return r
            }, "map"))
        }
        var out: [Value] = []
        try ctx.forEach(input, stage: "map") { v in
            let r = try f(ctx, v)
            try Nesting.check(r)
            out.append(r)
            return true
        }
        return .list(out)
    }

    /// Keeps `fields` of each record; a missing field in `optional` is null without the typo check.
    static func select(_ ctx: Context, _ input: Value, _ fields: [String], optional: Set<String> = []) throws -> Value {
        let shape = Shape(keys: Array(orderedUnique(fields)))
        let pick: ElementFn = { _, v in
            guard case .record(let r) = v else { throw Fault("`select` needs records, got \(v.typeName)") }
            return .record(Record(shape: shape.withResource(r.resource),
                                  values: try shape.keys.map { k in try r[k] ?? (optional.contains(k) ? .null : MissingField.value(r, k, ctx.runtime)) }))
        }
        if case .stream(let s) = input { return .stream(try s.operations().adding(.map(pick), "select")) }
        return .list(try ctx.materialise(input, stage: "select").map { try pick(ctx, $0) })
    }

    static func take(_ ctx: Context, _ input: Value, _ n: Int) throws -> Value {
        if case .stream(let s) = input { return .stream(try s.operations().adding(.take(n), "take \(n)")) }
        return .list(Array(try ctx.materialise(input, stage: "take").prefix(n)))
    }

    static func skip(_ ctx: Context, _ input: Value, _ n: Int) throws -> Value {
        if case .stream(let s) = input { return .stream(try s.operations().adding(.skip(n), "skip \(n)")) }
        return .list(Array(try ctx.materialise(input, stage: "skip").dropFirst(n)))
    }

    static func first(_ ctx: Context, _ input: Value) throws -> Value {
        var found = Value.null
        if case .list(let xs) = input { return xs.first ?? .null }
        let limited = try take(ctx, input, 1)
        try ctx.forEach(limited, stage: "first") { v in
            found = v
            return false
        }
        return found
    }

    static func last(_ ctx: Context, _ input: Value) throws -> Value {
        if case .list(let xs) = input { return xs.last ?? .null }
        var found = Value.null
        try ctx.forEach(input, stage: "last", wantsAll: true) { v in
            found = v
            return true
        }
        return found
    }

    static func count(_ ctx: Context, _ input: Value) throws -> Value {
        switch input {
        case .list(let xs): return .int(xs.count)
        case .stream(let s):
            return .int(try s.operations().count(ctx))
        default: throw ctx.notIterable(input, "count")
        }
    }

    static func flatten(_ ctx: Context, _ input: Value) throws -> Value {
        var out: [Value] = []
        for v in try ctx.materialise(input, stage: "flatten") {
            if case .list(let inner) = v { out.append(contentsOf: inner) } else { out.append(v) }
        }
        return .list(out)
    }

    static func sort(_ ctx: Context, _ input: Value, _ key: ElementFn?, descending: Bool) throws -> Value {
        let items = try ctx.materialise(input, stage: "sort")
        let keys = try key.map { k in try items.map { try k(ctx, $0) } } ?? items
        var order = Array(items.indices)
        // Merge-sort based stable ordering: ties keep input order in both directions.
        order = stableSorted(order) { i, j in
            let c = ValueOrder.compare(keys[i], keys[j])
            return descending ? c > 0 : c < 0
        }
        return .list(order.map { items[$0] })
    }

    static func stableSorted(_ xs: [Int], by less: (Int, Int) -> Bool) -> [Int] {
        xs.enumerated().sorted { a, b in
            if less(a.element, b.element) { return true }
            if less(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
    }

    enum Aggregate { case sum, avg, min, max }

    static func aggregate(_ ctx: Context, _ input: Value, _ kind: Aggregate, _ key: ElementFn?) throws -> Value {
        var acc: Value = kind == .sum ? .int(0) : .null
        var n = 0
        try ctx.forEach(input, stage: "\(kind)", wantsAll: true) { v in
            let x = try key?(ctx, v) ?? v
            switch kind {
            case .sum, .avg:
                guard x.doubleValue != nil else {
                    throw Fault("`\(kind)` needs numbers, got \(x.typeName)", hint: "pick a number field: `\(kind) .amount`")
                }
                acc = n == 0 && kind == .avg ? x : try Operators.add(acc, x)
            case .min: if n == 0 || ValueOrder.compare(x, acc) < 0 { acc = x }
            case .max: if n == 0 || ValueOrder.compare(x, acc) > 0 { acc = x }
            }
            n += 1
            return true
        }
        if kind == .avg, n > 0, let total = acc.doubleValue { return .float(total / Double(n)) }
        return acc
    }

    static func group(_ ctx: Context, _ input: Value, _ key: ElementFn) throws -> Value {
        var index: [Value: Int] = [:]
        var keys: [Value] = []
        var groups: [[Value]] = []
        try ctx.forEach(input, stage: "group", wantsAll: true) { v in
            let k = try key(ctx, v)
            if let i = index[k] { groups[i].append(v) } else {
                index[k] = keys.count
                keys.append(k)
                groups.append([v])
            }
            return true
        }
        // Each key goes in a record, each item in a list in a record.
        try Nesting.check(keys)
        for g in groups { try Nesting.check(g, under: 2) }
        let shape = Shape(keys: ["key", "items", "count"])
        return .list(zip(keys, groups).map { .record(Record(shape: shape, values: [$0, .list($1), .int($1.count)])) })
    }

    static func unique(_ ctx: Context, _ input: Value, _ key: ElementFn?) throws -> Value {
        var seen = Set<Value>()
        var out: [Value] = []
        try ctx.forEach(input, stage: "unique", wantsAll: true) { v in
            if seen.insert(try key?(ctx, v) ?? v).inserted { out.append(v) }
            return true
        }
        return .list(out)
    }
}

/// `xs` without repeats, first occurrence kept.
private func orderedUnique(_ xs: [String]) -> [String] {
    var seen = Set<String>()
    return xs.filter { seen.insert($0).inserted }
}
