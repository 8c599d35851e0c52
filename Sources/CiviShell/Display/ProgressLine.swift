import CiviClient
import Synchronization

/// The stderr progress line while a statement fetches more than one page (terminal only):
/// resource, records so far / total, pages. Cleared when the statement ends.
final class ProgressLine: Sendable {
    private let showing = Mutex(false)

    /// Shows progress from the second page on.
    func show(_ p: PageProgress) {
        guard p.pages >= 2 else { return }
        let total = p.total.map { "/\($0)" } ?? ""
        showing.withLock { s in
            s = true
            Terminal.writeError("\u{1B}[2K\r\(p.resource): \(p.records)\(total) records, \(p.pages) pages")
        }
    }

    /// Erases the line if it is showing.
    func clear() {
        showing.withLock { s in
            if s { Terminal.writeError("\u{1B}[2K\r") }
            s = false
        }
    }
}
