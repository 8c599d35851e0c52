import CiviCore

/// Indexing and in-place updates of lists and records (`xs[i]`, `r["k"]`, `a.b[0].c = v`).
enum Access {
    /// `container[key]`: out-of-range indexes and missing keys give null; negative indexes count from the end.
    static func index(_ container: Value, _ key: Value) throws -> Value {
        switch (container, key) {
        case (.list(let xs), .int(let i)):
            let k = i < 0 ? xs.count + i : i
            return k >= 0 && k < xs.count ? xs[k] : .null
        case (.record(let r), .string(let k)):
            return r[k] ?? .null
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            let k = i < 0 ? chars.count + i : i
            return k >= 0 && k < chars.count ? .string(String(chars[k])) : .null
        case (.null, _):
            return .null
        case (.list, _), (.string, _):
            throw Fault("a \(container.typeName) index must be an int, got \(key.typeName)")
        case (.record, _):
            throw Fault("a record key must be a string, got \(key.typeName)")
        default:
            throw Fault("cannot index \(container.typeName)")
        }
    }

    /// One step of an assignment path.
    enum Step {
        case field(String)
        case index(Value)
    }

    /// Replaces the value at `path` inside `value` with `change(old)`. On error `value` is unchanged.
    /// `level` is how deep `value` sits in the variable being assigned (0 for the variable itself).
    static func update(_ value: inout Value, _ path: ArraySlice<Step>, level: Int = 0,
                       _ change: (Value) throws -> Value) throws {
        guard let step = path.first else {
            let new = try change(value)
            if level > 0 { try Nesting.check(new, under: level) }
            value = new
            return
        }
        let rest = path.dropFirst()
        switch (step, value) {
        case (.field(let k), .record(var r)), (.index(.string(let k)), .record(var r)):
            value = .null
            var child = r[k] ?? .null
            r.set(k, .null)
            do { try update(&child, rest, level: level + 1, change) } catch {
                r.set(k, child)
                value = .record(r)
                throw error
            }
            r.set(k, child)
            value = .record(r)
        case (.field, .null):
            var child = Value.null
            try update(&child, rest, level: level + 1, change)
            if case .field(let k) = step { value = .record(Record([(k, child)])) }
        case (.index(.int(let i)), .list(var xs)):
            let k = i < 0 ? xs.count + i : i
            guard k >= 0, k < xs.count else { throw Fault("index \(i) is out of range for a list of \(xs.count)") }
            value = .null
            var child = xs[k]
            xs[k] = .null
            do { try update(&child, rest, level: level + 1, change) } catch {
                xs[k] = child
                value = .list(xs)
                throw error
            }
            xs[k] = child
            value = .list(xs)
        case (.field(let k), _):
            throw Fault("cannot set field `\(k)` of \(value.typeName)")
        case (.index(let key), .list):
            throw Fault("a list index must be an int, got \(key.typeName)")
        case (.index(let key), .record):
            throw Fault("a record key must be a string, got \(key.typeName)")
        case (.index, _):
            throw Fault("cannot assign into \(value.typeName) by index")
        }
    }
}
