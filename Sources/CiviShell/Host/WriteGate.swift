import CiviCore
import Synchronization

/// Closed by an interrupt so that no new write starts (writes already sent finish); opened again
/// before the next statement. Shared by the client host and the journaling host.
final class WriteGate: Sendable {
    private let closed = Atomic<Bool>(false)

    /// Makes an open gate.
    init() {}

    /// No write may start from now on.
    func close() { closed.store(true, ordering: .relaxed) }

    /// Writes may start again.
    func open() { closed.store(false, ordering: .relaxed) }

    /// True while writes are stopped.
    var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// Throws `WritesStopped` when closed.
    func check() throws(WritesStopped) {
        if isClosed { throw WritesStopped() }
    }
}

/// A write refused because the run was interrupted before it started (the interrupt, never a
/// catchable error: code `cancelled` without an HTTP status).
struct WritesStopped: ReportableError {
    var report: ErrorReport { ErrorReport(message: "interrupted before this write was sent", code: "cancelled") }
}
