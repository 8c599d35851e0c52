import CiviCore
import Synchronization
@testable import CiviLang

/// An in-memory `APIHost` that records what the language asks of it.
final class FakeHost: APIHost, @unchecked Sendable {
    struct Log {
        var lists: [ListQuery] = []
        var pagesServed = 0
        var counts = 0
        var fetches: [String] = []
        var creates: [Record] = []
        var updates: [(String, Record)] = []
        var deletes: [String] = []
        var raws: [(String, String)] = []
        /// The most pages any cursor held un-consumed at once (1 means page by page).
        var requests: Int { lists.count + counts + fetches.count + creates.count + updates.count + deletes.count + raws.count }
    }

    /// The contract's table, plus the `n` (position) field the fake's advocates carry, as
    /// configuration's `fields` would declare it.
    let resources: ResourceTable = {
        var table = ResourceTable.civiClick
        _ = table.addKnownFields(["n"], to: "advocates")
        return table
    }()
    let isDryRun: Bool
    let pageSize: Int
    private let state: Mutex<(records: [String: [Value]], log: Log)>

    /// Pages are read by offset from the live data, as a server does (deletes shift later pages).
    let livePaging: Bool

    init(advocates: Int = 0, pageSize: Int = 10, dryRun: Bool = false, livePaging: Bool = false) {
        self.pageSize = pageSize
        self.livePaging = livePaging
        isDryRun = dryRun
        let states = ["CA", "NY", "OR"]
        let people: [Value] = (0..<advocates).map { i in
            .record(Record([("id", .string("adv_\(i)")), ("email", .string("p\(i)@example.org")),
                            ("state", .string(states[i % 3])), ("n", .int(i)), ("tags", .list([]))], resource: "advocates"))
        }
        // One campaign with an action from each of the first three advocates.
        let actions: [Value] = (0..<min(3, advocates)).map { i in
            .record(Record([("id", .string("act_\(i)")), ("campaign_id", .string("cmp_1")), ("advocate_id", .string("adv_\(i)")),
                            ("type", .string("email")), ("status", .string("delivered")),
                            ("created_at", .date(Instant.now()))], resource: "actions"))
        }
        let campaigns: [Value] = advocates == 0 ? [] : [
            .record(Record([("id", .string("cmp_1")), ("name", .string("Water")), ("status", .string("active")),
                            ("type", .string("email")), ("action_count", .int(actions.count))], resource: "campaigns")),
        ]
        state = Mutex((["advocates": people, "campaigns": campaigns, "actions": actions], Log()))
    }

    var log: Log { state.withLock { $0.log } }

    func matching(_ query: ListQuery) -> [Value] {
        state.withLock { s in
            (s.records[query.resource.name] ?? []).filter { v in
                query.filters.allSatisfy { f in
                    let field = f.name == "created_after" ? "created_at" : f.name
                    guard case .record(let r) = v, let x = r[field] else { return false }
                    if f.name == "email" { return ValueFormat.str(x).lowercased() == f.value.lowercased() }
                    if case .date(let d) = x, let since = Instant(iso8601: f.value) { return d >= since }
                    return ValueFormat.str(x) == f.value
                }
            }
        }
    }

    func openList(_ query: ListQuery) throws -> any PageCursor {
        state.withLock { $0.log.lists.append(query) }
        var items = matching(query)
        let total = items.count
        if let limit = query.limit { items = Array(items.prefix(limit)) }
        let cursor = FakeCursor(host: self, items: items, query: livePaging ? query : nil)
        cursor.total = total
        return cursor
    }

    func servedPage() { state.withLock { $0.log.pagesServed += 1 } }

    func count(_ query: ListQuery) throws -> Int {
        state.withLock { $0.log.counts += 1 }
        return matching(query).count
    }

    func fetch(_ resource: ResourceSpec, id: String) throws -> Value {
        state.withLock { $0.log.fetches.append(id) }
        let found = state.withLock { s in s.records[resource.name]?.first { $0.recordValue?["id"] == .string(id) } }
        guard let found else { throw FakeError(report: ErrorReport(message: "not found", status: 404, code: "not_found", requestID: "req_1")) }
        return found
    }

    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value {
        if case .string(let e)? = body["email"], !e.contains("@") || state.withLock({ s in
            s.records[resource.name, default: []].contains { $0.recordValue?["email"].map(ValueFormat.str)?.lowercased() == e.lowercased() }
        }) {
            throw FakeError(report: ErrorReport(message: "invalid", status: 422, code: "validation_failed",
                                                fields: ["email": "is not an email"], requestID: "req_2"))
        }
        var r = body
        r.setResource(resource.name)
        if isDryRun { return .record(r) }
        return state.withLock { s in
            s.log.creates.append(body)
            r.set("id", .string("\(resource.idPrefix)new\(s.log.creates.count)"))
            s.records[resource.name, default: []].append(.record(r))
            return .record(r)
        }
    }

    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value {
        state.withLock { $0.log.updates.append((id, changes)) }
        var current = try fetch(resource, id: id).recordValue ?? Record()
        current = current.merging(changes)
        return .record(current)
    }

    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws {
        state.withLock { s in
            s.log.deletes.append(id)
            s.records[resource.name]?.removeAll { $0.recordValue?["id"] == .string(id) }
        }
    }

    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        state.withLock { $0.log.raws.append((method, path)) }
        return .record(Record([("method", .string(method)), ("path", .string(path)),
                               ("query", .record(Record(query.map { ($0.name, Value.string($0.value)) }))),
                               ("body", body ?? .null)]))
    }
}

/// Pages of a fake listing; each page is counted when served.
final class FakeCursor: PageCursor {
    let host: FakeHost
    var rest: [Value]
    var total: Int?
    let query: ListQuery?
    var offset = 0

    init(host: FakeHost, items: [Value], query: ListQuery?) {
        self.host = host
        rest = items
        total = items.count
        self.query = query
    }

    func nextPage() throws -> [Value]? {
        if let query {
            let live = host.matching(query)
            guard offset < live.count else { return nil }
            let page = Array(live[offset..<min(live.count, offset + host.pageSize)])
            offset += page.count
            host.servedPage()
            return page
        }
        guard !rest.isEmpty else { return nil }
        let page = Array(rest.prefix(host.pageSize))
        rest.removeFirst(page.count)
        host.servedPage()
        return page
    }

    func close() { rest = [] }
}

struct FakeError: ReportableError {
    let report: ErrorReport
}
