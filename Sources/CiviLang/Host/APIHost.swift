import CiviCore

/// A list request the language asks the host to run: resource, server-side filters, sort, limits.
public struct ListQuery: Sendable {
    /// The resource listed.
    public var resource: ResourceSpec
    /// Filters as query parameters, already checked against the resource table and encoded.
    public var filters: [(name: String, value: String)]
    /// The `sort` parameter (`field` or `-field`), if any.
    public var sort: String?
    /// The most records the consumer will take (`take N`); nil for no limit.
    public var limit: Int?
    /// The consumer will read every record (collect, count, save, ...): fetch pages concurrently.
    public var wantsAll: Bool

    /// Makes a list query.
    public init(resource: ResourceSpec, filters: [(name: String, value: String)] = [], sort: String? = nil,
                limit: Int? = nil, wantsAll: Bool = false) {
        self.resource = resource
        self.filters = filters
        self.sort = sort
        self.limit = limit
        self.wantsAll = wantsAll
    }
}

/// Pages of one list request, fetched lazily; every call blocks the calling (interpreter) thread.
public protocol PageCursor: AnyObject {
    /// The next page of records (tagged with their resource), or nil after the last one.
    func nextPage() throws -> [Value]?
    /// `meta.total` of the listing, once the first page has arrived.
    var total: Int? { get }
    /// Stops fetching and releases connections (called when the consumer stops early).
    func close()
}

/// What the language needs from the outside world to reach the API. The shell implements it
/// with CiviClient; tests may implement it in-process. Methods block the calling thread and are
/// called from the interpreter thread or, inside `parallel`, from several worker threads at once.
public protocol APIHost: AnyObject, Sendable {
    /// The resource table in force (with configuration overrides applied).
    var resources: ResourceTable { get }
    /// True when writes must not be sent (dry-run): create/update/delete return what they would send.
    var isDryRun: Bool { get }
    /// Starts a lazy paged listing.
    func openList(_ query: ListQuery) throws -> any PageCursor
    /// The number of records matching the query's filters, in one request (`meta.total`).
    func count(_ query: ListQuery) throws -> Int
    /// GET one record by id.
    func fetch(_ resource: ResourceSpec, id: String) throws -> Value
    /// POST a new record; returns the created record. A non-nil `idempotencyKey` is sent as the
    /// request's `Idempotency-Key` (a journal's or plan's, so a resent create is not doubled).
    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value
    /// PATCH the fields of `changes`; returns the updated record. `seen` is the record as the
    /// script last saw it (its before-image for journals and plans), nil when given only an id.
    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value
    /// DELETE one record; `seen` is the record as the script last saw it, nil when given only an id.
    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws
    /// Any request: `path` relative to the base URL; returns the decoded JSON body (null when empty).
    /// A POST carries `idempotencyKey` when non-nil.
    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value
}
