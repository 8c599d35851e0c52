import CiviCore
import CiviLang
import Synchronization

/// An in-memory `APIHost` serving one listing of `advocates` records page by page and counting
/// every call it gets, so a test can tell when the language reached the host.
final class CountingHost: APIHost, Sendable {
    private let records: [Value]
    private let pageSize: Int
    private let counter = Atomic<Int>(0)

    init(advocates: Int, pageSize: Int = 10) {
        records = (0..<advocates).map { .record(Record([("id", .string("adv_\($0)")), ("n", .int($0))], resource: "advocates")) }
        self.pageSize = pageSize
    }

    /// Host calls so far: list opens, pages and counts.
    var calls: Int { counter.load(ordering: .relaxed) }

    let resources = ResourceTable.civiClick
    var isDryRun: Bool { false }

    func openList(_ query: ListQuery) throws -> any PageCursor {
        counter.add(1, ordering: .relaxed)
        return Cursor(host: self, rest: Array(records.prefix(query.limit ?? records.count)), total: records.count)
    }

    func count(_ query: ListQuery) throws -> Int {
        counter.add(1, ordering: .relaxed)
        return records.count
    }

    func fetch(_ resource: ResourceSpec, id: String) throws -> Value { throw Unsupported() }
    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value { throw Unsupported() }
    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value { throw Unsupported() }
    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws { throw Unsupported() }
    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value { throw Unsupported() }

    /// Only listings are served.
    struct Unsupported: Error {}

    /// Pages of the listing, each one counted as a call.
    final class Cursor: PageCursor {
        let host: CountingHost
        var rest: [Value]
        let total: Int?

        init(host: CountingHost, rest: [Value], total: Int) {
            self.host = host
            self.rest = rest
            self.total = total
        }

        func nextPage() throws -> [Value]? {
            host.counter.add(1, ordering: .relaxed)
            guard !rest.isEmpty else { return nil }
            let page = Array(rest.prefix(host.pageSize))
            rest.removeFirst(page.count)
            return page
        }

        func close() { rest = [] }
    }
}
