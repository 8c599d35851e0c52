import Synchronization
/// Remembers POST responses by `Idempotency-Key` for 24 hours so a retried request is answered
/// with the first response instead of creating a second record.
final class IdempotencyCache: Sendable {
    /// A remembered answer and the request it answered.
    struct Entry {
        let fingerprint: [UInt8]
        let outcome: Result<APIResponse, ApiError>
        let storedAt: Int64
    }

    static let lifetimeMs: Int64 = 24 * 3600 * 1000
    private let entries = Mutex<[String: Entry]>([:])

    /// What the cache says about a request: nothing yet, a replay, or a conflicting reuse of the key.
    enum Lookup {
        case miss
        case replay(Result<APIResponse, ApiError>)
        case mismatch
    }

    /// Looks `key` up for a request identified by `fingerprint` (path and body bytes).
    func lookup(_ key: String, fingerprint: [UInt8]) -> Lookup {
        let now = Millis.now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return .miss }
            if now - entry.storedAt > Self.lifetimeMs {
                entries[key] = nil
                return .miss
            }
            return entry.fingerprint == fingerprint ? .replay(entry.outcome) : .mismatch
        }
    }

    /// Remembers the answer to a request, success or error (server faults are not remembered, so they can be retried).
    func store(_ key: String, fingerprint: [UInt8], outcome: Result<APIResponse, ApiError>) {
        let status = switch outcome {
        case .success(let response): response.status
        case .failure(let error): error.status
        }
        guard status < 500 else { return }
        let now = Millis.now()
        entries.withLock { entries in
            if entries.count > 100_000 { entries = entries.filter { now - $0.value.storedAt <= Self.lifetimeMs } }
            entries[key] = Entry(fingerprint: fingerprint, outcome: outcome, storedAt: now)
        }
    }
}
