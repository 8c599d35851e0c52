import CiviCore

/// One write a plan will send: what `civi apply` needs to send it exactly once and to check, just
/// before, that the record still holds what the plan saw.
struct PlannedWrite: Sendable {
    /// How the write reached the host.
    enum Kind: String, Sendable {
        case create, update, delete, raw
    }

    /// Its position in the plan (1, 2, …), the number the progress file records.
    var seq: Int
    var kind: Kind
    /// `POST`, `PATCH`, `DELETE`, or a raw request's method.
    var method: String
    /// The resource (`advocates`); for a raw request, the first segment of its path.
    var resource: String
    /// The request path relative to the base URL (planned ids are mapped to real ones at apply).
    var path: String
    /// The record written: the target of an update or delete, the plan-local id of a create.
    var id: String?
    /// The create's fields, the update's changes, or a raw request's body.
    var body: Value?
    /// A raw request's query parameters.
    var query: [(name: String, value: String)] = []
    /// The touched fields (and `id`) as the plan saw them; a delete keeps the whole record.
    var before: Record?
    /// Sent as the POST's `Idempotency-Key`, so a resent create returns the first result.
    var idempotencyKey: String

    /// The fields an update changes (a create's fields; none for a delete or raw request).
    var changes: Record? { body?.recordValue }
}

/// The writes a script would make, with where they would go: the document `civi run --plan`
/// writes and `civi apply` sends.
struct Plan: Sendable {
    /// The plan file format this code reads and writes.
    static let formatVersion = 1

    /// Random, so a progress file can tell its own plan from another.
    var id: String
    /// When the plan was made.
    var created: Instant
    /// What made it: a script path, `repl` or `-e`.
    var source: String
    /// Where its reads went and its writes should go: the API's host (never the key) or the embedded sandbox.
    var target: String
    var writes: [PlannedWrite]

    /// A fresh random identifier (32 hex digits) for plans and idempotency keys.
    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(g.next() % 16)] })
    }
}
