import CiviCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far an apply got, kept beside the plan (`PLAN.progress`) so a second `civi apply` continues
/// after the last confirmed write: `intent N` is appended and synced to disk before write N is sent,
/// `done N OUTCOME [ID]` once its answer is in. A write with an intent but no outcome was sent with
/// its outcome unknown; apply checks it again (a create is resent with its Idempotency-Key).
final class ApplyProgress {
    /// How a write ended.
    enum Outcome: String {
        case created, updated, deleted, sent, conflict, skipped, failed
    }

    /// A write's recorded end, with the real id of a record it created.
    struct Entry {
        var outcome: Outcome
        var createdID: String?
    }

    /// Why the progress file cannot be used; names the file.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var finished: [Int: Entry] = [:]
    private(set) var started: Set<Int> = []
    private let path: String?
    private var fd: Int32 = -1

    /// In memory only (the REPL's session plan).
    init() { path = nil }

    /// Reads `path` if it exists (it must belong to the plan `planID`), then appends to it.
    init(path: String, planID: String) throws {
        self.path = path
        let header = "civi-apply-progress 1 \(planID)"
        var existing = ""
        if let bytes = try? WholeFile.read(path: path, allowSpecial: false) { existing = String(decoding: bytes, as: UTF8.self) }
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // What follows the last newline is empty, or a line cut short by a crash: it never counted.
        lines.removeLast()
        if let first = lines.first, first != header {
            throw Failure(description: "\(path) records the progress of another plan; remove it to apply this plan from the start")
        }
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 2, let seq = Int(words[1]) else { continue }
            if words[0] == "intent" { started.insert(seq) }
            if words[0] == "done", words.count >= 3, let outcome = Outcome(rawValue: words[2]) {
                finished[seq] = Entry(outcome: outcome, createdID: words.count > 3 ? words[3] : nil)
            }
        }
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(SystemCall.reason(errno))") }
        if lines.isEmpty {
            // A header-less leftover (cut short before its first newline) is started over.
            _ = ftruncate(fd, 0)
            try append(header)
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Notes that write `seq` is about to be sent (on disk before it is).
    func intent(_ seq: Int) throws {
        started.insert(seq)
        try append("intent \(seq)")
    }

    /// Notes how write `seq` ended.
    func done(_ seq: Int, _ outcome: Outcome, createdID: String? = nil) throws {
        finished[seq] = Entry(outcome: outcome, createdID: createdID)
        try append("done \(seq) \(outcome.rawValue)" + (createdID.map { " " + $0 } ?? ""))
    }

    private func append(_ line: String) throws {
        guard let path else { return }
        let code = SystemCall.writeAll(fd, Array((line + "\n").utf8))
        let failure = code != 0 ? code : fsync(fd) == 0 ? 0 : errno
        if failure != 0 { throw Failure(description: "cannot record progress in \(path): \(SystemCall.reason(failure))") }
    }
}
