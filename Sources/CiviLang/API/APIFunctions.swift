import CiviCore

/// The API bindings: list functions (streams), get-by-id, create, update, delete and raw requests.
enum APIFunctions {
    /// The names, for completion and the unknown-name check.
    static var names: [String] {
        ResourceTable.civiClick.resources.flatMap { [$0.name, $0.singular, "create_\($0.singular)"] }
            + ResourceTable.civiClick.subLists.map(\.name)
            + ["update", "delete", "get", "post", "put", "patch", "request"]
    }

    static func all(_ runtime: Runtime) -> [String: Value] {
        var out: [String: Value] = [:]
        func add(_ name: String, _ arity: ClosedRange<Int>, named: Bool = false,
                 _ body: @escaping (any APIHost, [Value], [(name: String, value: Value)]) throws -> Value) {
            out[name] = .function(NativeFunction(name, arity: arity, acceptsNamed: named) { _, args, kw in
                let host = try runtime.requireHost()
                do { return try body(host, args, kw) } catch { throw runtime.fault(from: error) }
            })
        }
        for base in ResourceTable.civiClick.resources {
            let plural = base.name, singular = base.singular
            add(plural, 0...0, named: true) { host, _, kw in
                let spec = try spec(host, plural)
                let q = try FilterEncoding.query(for: spec, named: kw)
                let label = kw.map { "\($0.name): \(ValueFormat.repr($0.value))" }.joined(separator: ", ")
                return .stream(QueryStream(runtime: runtime, host: host, query: q, displayName: "\(plural)(\(label))"))
            }
            add(singular, 1...1) { host, args, _ in
                let spec = try spec(host, plural)
                let id = try FilterEncoding.id(of: args[0], expected: plural, label: "\(singular)()")
                if spec.filter(named: "email") != nil, id.contains("@") { return try byEmail(host, spec, id) }
                return try host.fetch(spec, id: id)
            }
            add("create_\(singular)", 1...1) { host, args, _ in
                guard case .record(let body) = args[0] else {
                    throw Fault("create_\(singular)() expects a record of fields, got \(args[0].typeName)")
                }
                return try host.create(try spec(host, plural), body: body, idempotencyKey: nil)
            }
        }
        for sub in ResourceTable.civiClick.subLists {
            let name = sub.name
            add(name, 1...1, named: true) { host, args, kw in
                guard let current = host.resources.subList(named: name) else { throw Fault("the API has no list `\(name)`") }
                let parent = try FilterEncoding.id(of: args[0], expected: current.parent, label: "\(name)()")
                guard let spec = host.resources.listing(current, parentID: parent) else {
                    throw Fault("the API has no resource `\(current.child)`")
                }
                let q = try FilterEncoding.query(for: spec, named: kw, function: name)
                let label = ([ValueFormat.repr(.string(parent))] + kw.map { "\($0.name): \(ValueFormat.repr($0.value))" })
                    .joined(separator: ", ")
                return .stream(QueryStream(runtime: runtime, host: host, query: q, displayName: "\(name)(\(label))"))
            }
        }
        add("update", 2...2) { host, args, _ in
            let (spec, id) = try target(host, args[0], "update")
            guard spec.canUpdate else { throw Fault("\(spec.name) cannot be updated") }
            guard case .record(let changes) = args[1] else { throw Fault("update() expects a record of changes, got \(args[1].typeName)") }
            return try host.update(spec, id: id, changes: changes, seen: seenRecord(args[0]))
        }
        add("delete", 1...1) { host, args, _ in
            let (spec, id) = try target(host, args[0], "delete")
            guard spec.canDelete else { throw Fault("\(spec.name) cannot be deleted") }
            try host.delete(spec, id: id, seen: seenRecord(args[0]))
            return .null
        }
        // `get(path, query?)` is a raw GET; `get(record, "field")` reads a field that may be
        // absent as null (records only: no host needed).
        out["get"] = .function(NativeFunction("get", arity: 1...2) { _, args, _ in
            if case .record(let r) = args[0] {
                guard args.count == 2, case .string(let key) = args[1] else {
                    throw Fault("get(record, name) expects a field name string as its second argument")
                }
                return r[key] ?? .null
            }
            let host = try runtime.requireHost()
            do {
                return try host.raw(method: "GET", path: try path(args[0]),
                                    query: try queryPairs(args.count > 1 ? args[1] : .null), body: nil,
                                    idempotencyKey: nil)
            } catch { throw Fault.from(error) }
        })
        for method in ["post", "put", "patch"] {
            add(method, 1...2) { host, args, _ in
                try host.raw(method: method.uppercased(), path: try path(args[0]), query: [],
                             body: args.count > 1 ? args[1] : nil, idempotencyKey: nil)
            }
        }
        add("request", 2...3) { host, args, _ in
            guard case .string(let m) = args[0], !m.isEmpty else { throw Fault("request() expects a method string like \"GET\"") }
            return try host.raw(method: m.uppercased(), path: try path(args[1]), query: [],
                                body: args.count > 2 ? args[2] : nil, idempotencyKey: nil)
        }
        return out
    }

    static func spec(_ host: any APIHost, _ name: String) throws -> ResourceSpec {
        guard let s = host.resources.spec(named: name) else { throw Fault("the API has no resource `\(name)`") }
        return s
    }

    /// The resource and id of a record (its remembered resource, else its id's prefix) or an id string.
    static func target(_ host: any APIHost, _ value: Value, _ function: String) throws -> (ResourceSpec, String) {
        let id = try FilterEncoding.id(of: value, expected: nil, label: "\(function)()")
        if case .record(let r) = value, let res = r.resource, let spec = host.resources.spec(named: res) { return (spec, id) }
        guard let spec = host.resources.spec(forID: id) else {
            throw Fault("\(function)(): cannot tell which resource `\(id)` belongs to",
                        hint: "pass a record that came from the API")
        }
        return (spec, id)
    }

    /// The record a write was given, as the script last saw it (nil for a bare id).
    static func seenRecord(_ value: Value) -> Record? {
        if case .record(let r) = value { r } else { nil }
    }

    static func byEmail(_ host: any APIHost, _ spec: ResourceSpec, _ email: String) throws -> Value {
        let cursor = try host.openList(ListQuery(resource: spec, filters: [("email", email)], limit: 1))
        defer { cursor.close() }
        if let first = try cursor.nextPage()?.first { return first }
        throw Fault("no \(spec.singular) with email \(email)",
                    report: ErrorReport(message: "no \(spec.singular) with email \(email)", status: 404, code: "not_found"))
    }

    static func path(_ v: Value) throws -> String {
        guard case .string(let p) = v, !p.isEmpty else { throw Fault("the path must be a string like \"/advocates\", got \(v.typeName)") }
        return p.hasPrefix("/") ? p : "/" + p
    }

    static func queryPairs(_ v: Value) throws -> [(name: String, value: String)] {
        switch v {
        case .null: return []
        case .record(let r):
            return r.pairs.map { k, v in
                let s: String = switch v {
                case .string(let s): s
                case .date(let d): d.iso8601
                default: ValueFormat.str(v)
                }
                return (k, s)
            }
        default: throw Fault("the query must be a record like {page: 2}, got \(v.typeName)")
        }
    }
}
