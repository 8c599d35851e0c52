#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore
import Synchronization
@testable import CiviLang

/// A `FakeHost` whose record fetches and list pages block, as slow network calls do, until the
/// test ends them with an error (what a host gives when Ctrl-C cancels its call).
final class BlockingHost: APIHost, @unchecked Sendable {
    let base: FakeHost
    private let state = Mutex<(blocked: Int, failure: (any Error)?)>((0, nil))

    init(advocates: Int) { base = FakeHost(advocates: advocates) }

    var resources: ResourceTable { base.resources }
    var isDryRun: Bool { false }

    /// Calls blocked so far.
    var blocked: Int { state.withLock { $0.blocked } }

    /// Waits (up to 5 s) until `count` calls are blocked; false if they never were.
    func waitUntilBlocked(_ count: Int = 1) -> Bool {
        for _ in 0..<5_000 {
            if blocked >= count { return true }
            usleep(1_000)
        }
        return false
    }

    /// Ends every blocked call, and every later one, with `error`.
    func fail(with error: any Error) { state.withLock { $0.failure = error } }

    /// Blocks until `fail(with:)`, then throws its error.
    func block() throws -> Never {
        state.withLock { $0.blocked += 1 }
        while true {
            if let e = state.withLock({ $0.failure }) { throw e }
            usleep(1_000)
        }
    }

    func openList(_ query: ListQuery) throws -> any PageCursor { BlockingCursor(host: self) }
    func count(_ query: ListQuery) throws -> Int { try block() }
    func fetch(_ resource: ResourceSpec, id: String) throws -> Value { try block() }
    func create(_ resource: ResourceSpec, body: Record, idempotencyKey: String?) throws -> Value { try block() }
    func update(_ resource: ResourceSpec, id: String, changes: Record, seen: Record?) throws -> Value { try block() }
    func delete(_ resource: ResourceSpec, id: String, seen: Record?) throws { try block() }
    func raw(method: String, path: String, query: [(name: String, value: String)], body: Value?,
             idempotencyKey: String?) throws -> Value {
        try block()
    }
}

/// A listing whose first page never arrives before the host is told to fail.
final class BlockingCursor: PageCursor {
    let host: BlockingHost
    init(host: BlockingHost) { self.host = host }
    func nextPage() throws -> [Value]? { try host.block() }
    var total: Int? { nil }
    func close() {}
}
