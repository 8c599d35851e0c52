import CiviCore
import GRDB

/// The routes of the contract under `/api/v2`, over the database.
final class SandboxAPI: Sendable {
    private let db: any DatabaseWriter
    private let idempotency = IdempotencyCache()
    private let lists = ListCache()

    /// Serves `db`.
    init(db: any DatabaseWriter) { self.db = db }

    /// Answers one authenticated API request. `segments` are the path parts after `/api/v2`.
    func handle(method: String, segments: [Substring], query: Substring, body: [UInt8],
                idempotencyKey: String?) async throws -> APIResponse {
        guard method == "POST", let key = idempotencyKey else {
            return try await route(method: method, segments: segments, query: query, body: body)
        }
        // The contract counts characters (code points, as JSON Schema's maxLength does), not bytes.
        guard !key.isEmpty, key.unicodeScalars.count <= 255 else {
            throw ApiError.badRequest("Idempotency-Key must be 1 to 255 characters")
        }
        let fingerprint = Array(segments.joined(separator: "/").utf8) + [0] + CanonicalJSON.fingerprint(body)
        switch idempotency.lookup(key, fingerprint: fingerprint) {
        case .replay(let outcome):
            // Marked (as Stripe does) so a client can tell a replay from a fresh create.
            var replay = try outcome.get()
            replay.headers.append(("Idempotent-Replayed", "true"))
            return replay
        case .mismatch:
            throw ApiError(status: 422, code: "idempotency_mismatch",
                           message: "Idempotency-Key '\(key)' was already used with a different request body")
        case .miss:
            // Errors are part of the first answer too: a replay must give the same one.
            let outcome: Result<APIResponse, ApiError>
            do {
                outcome = .success(try await route(method: method, segments: segments, query: query, body: body))
            } catch let error as ApiError {
                outcome = .failure(error)
            }
            idempotency.store(key, fingerprint: fingerprint, outcome: outcome)
            return try outcome.get()
        }
    }

    private func route(method: String, segments: [Substring], query: Substring, body: [UInt8]) async throws -> APIResponse {
        let resource = segments.first.map(String.init) ?? ""
        guard let spec = ResourceTable.civiClick.spec(named: resource), spec.name == resource else {
            throw ApiError.notFound("no such endpoint: /\(segments.joined(separator: "/"))")
        }
        let table = Self.table(for: resource)
        switch (segments.count, method) {
        case (1, "GET"):
            let list = try ListQuery(QueryString.parse(query), spec: spec)
            return ok(try await db.read { try ListPage.render($0, query: list, table: table, path: "/\(resource)", cache: lists) })
        case (1, "POST"):
            defer { lists.invalidate() }
            let made = try await db.write { db -> [UInt8] in
                switch resource {
                case "campaigns": try CampaignStore.create(db, body: body)
                case "actions": try ActionStore.create(db, body: body)
                default: try AdvocateStore.create(db, body: body)
                }
            }
            return APIResponse(status: 201, body: made)
        case (1, _):
            throw Self.notAllowed(method, "GET, POST")
        case (2, "GET"):
            try Self.noQuery(query)
            let id = String(segments[1])
            guard let found = try readOne({ try table.one($0, id: id) }) else {
                throw ApiError.notFound("\(spec.singular) '\(id)' not found")
            }
            return ok(found)
        case (2, "PATCH") where spec.canUpdate:
            let id = String(segments[1])
            defer { lists.invalidate() }
            return ok(try await db.write { db -> [UInt8] in
                resource == "campaigns" ? try CampaignStore.update(db, id: id, body: body)
                    : try AdvocateStore.update(db, id: id, body: body)
            })
        case (2, "DELETE") where spec.canDelete:
            let id = String(segments[1])
            defer { lists.invalidate() }
            try await db.write { try AdvocateStore.delete($0, id: id) }
            return APIResponse(status: 204, body: [])
        case (2, _):
            throw Self.notAllowed(method, ["GET", spec.canUpdate ? "PATCH" : nil, spec.canDelete ? "DELETE" : nil]
                .compactMap { $0 }.joined(separator: ", "))
        case (3, let m) where resource == "campaigns" && (segments[2] == "actions" || segments[2] == "advocates"):
            guard m == "GET" else { throw Self.notAllowed(method, "GET") }
            return ok(try await campaignChildren(id: String(segments[1]), child: String(segments[2]), query: query))
        default:
            throw ApiError.notFound("no such endpoint: /\(segments.joined(separator: "/"))")
        }
    }

    /// `/campaigns/{id}/actions` and `/campaigns/{id}/advocates`: the child list's own filters,
    /// without `campaign_id` (the path gives it).
    private func campaignChildren(id: String, child: String, query: Substring) async throws -> [UInt8] {
        guard let sub = ResourceTable.civiClick.subLists.first(where: { $0.parent == "campaigns" && $0.child == child }),
              let spec = ResourceTable.civiClick.spec(named: child) else { return [] }
        var list = try ListQuery(QueryString.parse(query), spec: spec, excluded: [sub.impliedFilter])
        if child == "actions" {
            list.require("campaign_id = ?", id)
        } else {
            list.require("id IN (SELECT advocate_id FROM actions WHERE campaign_id = ?)", id)
        }
        let table = Self.table(for: child)
        let checked = list
        let path = "/campaigns/\(ResourceSpec.escapePathSegment(id))/\(child)"
        return try await db.read { db in
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM campaigns WHERE id = ?"), arguments: [id]) ?? false
            else { throw ApiError.notFound("campaign '\(id)' not found") }
            return try ListPage.render(db, query: checked, table: table, path: path, cache: lists)
        }
    }

    /// A synchronous read of a single statement, without a transaction. Hummingbird runs handlers
    /// as tasks on the global executor, not on event loops, so this blocks no I/O; it saves the two
    /// thread hops of an async read, which are most of the cost of a by-id GET. Being a non-async
    /// function is what selects GRDB's synchronous overload. (Lists, which can run long on big
    /// tables, use the async read so they never hold a cooperative thread.)
    private func readOne<T>(_ body: (Database) throws -> T) throws -> T { try db.unsafeRead(body) }

    private func ok(_ body: [UInt8]) -> APIResponse { APIResponse(status: 200, body: body) }

    private static func table(for resource: String) -> RowTable {
        switch resource {
        case "campaigns": .campaigns
        case "actions": .actions
        default: .advocates
        }
    }

    private static func noQuery(_ query: Substring) throws(ApiError) {
        if let name = try QueryString.parse(query).first?.0 {
            throw .badRequest("unknown query parameter '\(name)'; this endpoint takes none")
        }
    }

    private static func notAllowed(_ method: String, _ allow: String) -> ApiError {
        ApiError(status: 405, code: "method_not_allowed", message: "\(method) is not allowed here; allowed: \(allow)",
                 headers: [("Allow", allow)])
    }
}
