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
            throw Fault("cannot index \(container.typeName)", hint: Mistakes.hint(forUnexpected: container))
        }
    }

    /// One step of an assignment path.
    enum Step {
        case field(String)
        case index(Value)
    }

    /// Applies `change` to the value at `path` inside `value`, in place: each container on the
    /// way is moved out of its parent while it changes, so a uniquely held leaf can grow without
    /// a copy. `change` must leave the value as it was when it throws; so is `value` then.
    static func update(_ value: inout Value, _ path: ArraySlice<Step>, _ change: (inout Value) throws -> Void) throws {
        guard let step = path.first else {
            try change(&value)
            return
        }
        let rest = path.dropFirst()
        // Containers are bound straight from `value` (a `switch` over a `(step, value)` tuple
        // would hold a second reference), so dropping `value` leaves them uniquely referenced.
        if let k = step.recordKey, case .record(var r) = value {
            value = .null
            var child = r[k] ?? .null
            r.set(k, .null)
            do { try update(&child, rest, change) } catch {
                r.set(k, child)
                value = .record(r)
                throw error
            }
            r.set(k, child)
            value = .record(r)
            return
        }
        if case .index(.int(let i)) = step, case .list(var xs) = value {
            let k = i < 0 ? xs.count + i : i
            guard k >= 0, k < xs.count else { throw Fault("index \(i) is out of range for a list of \(xs.count)") }
            value = .null
            var child = xs[k]
            xs[k] = .null
            do { try update(&child, rest, change) } catch {
                xs[k] = child
                value = .list(xs)
                throw error
            }
            xs[k] = child
            value = .list(xs)
            return
        }
        switch (step, value) {
        case (.field, .null):
            var child = Value.null
            try update(&child, rest, change)
            if case .field(let k) = step { value = .record(Record([(k, child)])) }
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

extension Access.Step {
    /// The key when this step names a record field (`.k` or `["k"]`).
    var recordKey: String? {
        switch self {
        case .field(let k), .index(.string(let k)): k
        default: nil
        }
    }
}
