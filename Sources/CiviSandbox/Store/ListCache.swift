import GRDB
import Synchronization

/// The ordered ids of recent list queries, so that page N of a long listing costs O(per_page)
/// instead of SQLite's O(offset) `OFFSET` scan plus an O(n) `COUNT(*)` on every page (paging
/// through 200,000 advocates was quadratic). Any write clears it: pages keep exact offset
/// semantics, which clients that write while paging depend on.
final class ListCache: Sendable {
    private struct State {
        var generation = 0
        var entries: [String: (generation: Int, ids: [String])] = [:]
        var order: [String] = []
    }
    private let state = Mutex(State())
    /// Listings kept at once (each at most a few MB of ids).
    private let capacity = 16

    /// Forgets every listing (after a write).
    func invalidate() {
        state.withLock { s in
            s.generation += 1
            s.entries.removeAll(keepingCapacity: true)
            s.order.removeAll(keepingCapacity: true)
        }
    }

    /// The ids for `key`, computed with `fetch` when not cached for the current generation.
    func ids(for key: String, fetch: () throws -> [String]) rethrows -> [String] {
        let generation: Int = state.withLock { s in s.generation }
        if let hit = state.withLock({ s in s.entries[key] }), hit.generation == generation { return hit.ids }
        let ids = try fetch()
        state.withLock { s in
            // Stored only if no write happened meanwhile (a stale list must never be served).
            guard s.generation == generation else { return }
            if s.entries[key] == nil {
                s.order.append(key)
                if s.order.count > capacity { s.entries[s.order.removeFirst()] = nil }
            }
            s.entries[key] = (generation, ids)
        }
        return ids
    }
}
