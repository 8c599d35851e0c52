import CiviCore

/// Walking lists and streams alike.
extension Context {
    /// Calls `body` for each element of a list or stream until it returns false.
    func forEach(_ value: Value, stage: String = "for", wantsAll: Bool = false,
                 _ body: (Value) throws -> Bool) throws {
        switch value {
        case .list(let xs):
            for x in xs {
                try tick()
                if try !body(x) { return }
            }
        case .stream(let s):
            try s.operations().forEach(self, wantsAll: wantsAll, onTotal: nil, body)
        default:
            throw notIterable(value, stage)
        }
    }

    /// All elements of a list or stream (a stream is fetched in full).
    func materialise(_ value: Value, stage: String) throws -> [Value] {
        switch value {
        case .list(let xs): return xs
        case .stream:
            var out: [Value] = []
            try forEach(value, stage: stage, wantsAll: true) { v in
                out.append(v)
                return true
            }
            return out
        default: throw notIterable(value, stage)
        }
    }

    func notIterable(_ value: Value, _ stage: String) -> Fault {
        Fault("`\(stage)` needs a list or a stream, got \(value.typeName)",
              hint: value.typeName == "record" ? "a record is one value; wrap it in a list: [r]" : Mistakes.hint(forUnexpected: value))
    }
}
