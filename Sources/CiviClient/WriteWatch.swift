import Synchronization
import CiviCore

/// One write the client sends, described by what it may change in listings of its resource.
struct WriteNote: Sendable {
    /// How the write changes the resource.
    enum Kind: Sendable { case create, update, delete, raw }

    var resource: String
    var kind: Kind
    /// The fields a PATCH sends (not used for the other kinds).
    var fields: [String] = []

    /// Whether this write may move records of a listing that reads `reads` (nil: not known, so
    /// yes). A create or delete always may (it shifts every later offset), as may a raw write
    /// (its effect is unknown); a PATCH only when it changes a field the listing reads.
    func mayMove(listingReading reads: Set<String>?) -> Bool {
        guard kind == .update, let reads else { return true }
        return fields.contains(where: reads.contains) || ResourceSpec.stampedOnUpdate.contains(where: reads.contains)
    }
}

/// The writes that may move records in one listing. A write is counted when it starts (before
/// its request is sent) and stays counted whatever its outcome, so a page fetched while it is in
/// flight is known to be possibly shifted; a page is fetched only while none is in flight
/// (`quiet()`), so every page of a listing sees the same writes applied whenever the count did
/// not change in between.
final class WriteWatch: Sendable {
    let resource: String
    let reads: Set<String>?
    private let state = Mutex(State())

    private struct State {
        var started = 0
        var finished = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    init(resource: String, reads: Set<String>?) {
        self.resource = resource
        self.reads = reads
    }

    /// Writes counted so far (started, whether finished or not).
    var started: Int { state.withLock { $0.started } }

    func begin() { state.withLock { $0.started += 1 } }

    func end() {
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.finished += 1
            guard s.finished == s.started else { return [] }
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        for waiter in ready { waiter.resume() }
    }

    /// Waits until no counted write is in flight. Throws `CancellationError` when the task is
    /// cancelled meanwhile.
    func quiet() async throws {
        while true {
            try Task.checkCancellation()
            let id: Int? = state.withLock { s in
                guard s.finished != s.started else { return nil }
                defer { s.nextWaiter += 1 }
                return s.nextWaiter
            }
            guard let id else { return }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.finished == s.started || Task.isCancelled { return true }
                        s.waiters[id] = waiter
                        return false
                    }
                    if now { waiter.resume() }
                }
            } onCancel: {
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}

/// The listings open on a client and the writes it has in flight, so each write is counted by
/// exactly the open listings it may move, including listings opened while it is in flight.
struct WriteRegistry: Sendable {
    var watches: [String: [ObjectIdentifier: WriteWatch]] = [:]
    var inFlight: [Int: (note: WriteNote, watches: [WriteWatch])] = [:]
    var nextWrite = 0
}

extension CiviClient {
    /// Counts a write about to be sent with the listings it may move; returns the token to
    /// pass to `endWrite` once it is over (answered, failed or cancelled).
    func beginWrite(_ note: WriteNote) -> Int {
        counters.withLock { $0.writes[note.resource, default: 0] += 1 }
        return writeRegistry.withLock { r in
            let affected = (r.watches[note.resource] ?? [:]).values.filter { note.mayMove(listingReading: $0.reads) }
            for watch in affected { watch.begin() }
            defer { r.nextWrite += 1 }
            r.inFlight[r.nextWrite] = (note, affected)
            return r.nextWrite
        }
    }

    /// Marks the write of `token` as over (see `beginWrite`).
    func endWrite(_ token: Int) {
        let entry = writeRegistry.withLock { $0.inFlight.removeValue(forKey: token) }
        for watch in entry?.watches ?? [] { watch.end() }
    }

    /// Starts counting the writes that may move a listing of `resource` reading `reads`,
    /// writes already in flight included.
    func watchWrites(resource: String, reads: Set<String>?) -> WriteWatch {
        let watch = WriteWatch(resource: resource, reads: reads)
        writeRegistry.withLock { r in
            r.watches[resource, default: [:]][ObjectIdentifier(watch)] = watch
            for (token, entry) in r.inFlight where entry.note.resource == resource && entry.note.mayMove(listingReading: reads) {
                watch.begin()
                r.inFlight[token]?.watches.append(watch)
            }
        }
        return watch
    }

    /// Stops counting writes for a listing that is over.
    func unwatch(_ watch: WriteWatch) {
        writeRegistry.withLock { r in
            r.watches[watch.resource]?.removeValue(forKey: ObjectIdentifier(watch))
            if r.watches[watch.resource]?.isEmpty == true { r.watches[watch.resource] = nil }
        }
    }
}
