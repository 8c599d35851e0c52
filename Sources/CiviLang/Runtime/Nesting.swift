import CiviCore

/// The check made wherever values go inside a new list or record (literals, `map`, `group`,
/// `parallel`, assignment into a path): the result must stay within `Value.maxNesting` levels, or
/// freeing, printing and comparing it would overflow the stack.
enum Nesting {
    /// Throws when `v`, placed `levels` deep inside a new value, would make it nest too deeply.
    /// A scalar costs one comparison; a list or record is counted (see `Value.nestingDepth`).
    @inline(__always)
    static func check(_ v: Value, under levels: Int = 1) throws {
        switch v {
        case .list, .record: try checkContainer(v, under: levels)
        default: return
        }
    }

    /// `check` for each of `values`.
    static func check(_ values: [Value], under levels: Int = 1) throws {
        for v in values { try check(v, under: levels) }
    }

    @inline(never)
    private static func checkContainer(_ v: Value, under levels: Int) throws {
        let room = Value.maxNesting - levels
        // Most values are a list or record of scalars, or of records of scalars (API rows):
        // accept those after one look at each item, without a full count.
        if room >= 2, atMostTwoLevels(v) { return }
        if v.nestingDepth(limit: room) > room { throw tooDeep() }
    }

    /// True when `v`'s items are scalars or lists and records of scalars.
    private static func atMostTwoLevels(_ v: Value) -> Bool {
        switch v {
        case .list(let items): return items.allSatisfy(isFlat)
        case .record(let r): return r.values.allSatisfy(isFlat)
        default: return true
        }
    }

    /// True for a scalar, or a list or record whose items are all scalars.
    private static func isFlat(_ v: Value) -> Bool {
        switch v {
        case .list(let items): return !items.contains(where: isContainer)
        case .record(let r): return !r.values.contains(where: isContainer)
        default: return true
        }
    }

    private static func isContainer(_ v: Value) -> Bool {
        switch v {
        case .list, .record: true
        default: false
        }
    }

    /// The error for a value that would nest too deeply.
    static func tooDeep() -> Fault {
        Fault("value nested too deeply (limit \(Value.maxNesting) levels of lists and records)",
              hint: "is a list or record being put inside itself in a loop? collect the items in a flat list instead")
    }
}
