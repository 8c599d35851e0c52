import Foundation

/// A value guarded by a lock, for the little shared mutable state the server keeps.
final class Locked<Value>: @unchecked Sendable {
    // Every access goes through `withLock`, which is what makes the unchecked Sendable sound.
    private var value: Value
    private let lock = NSLock()

    /// Guards `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
