import CiviCore

/// A runtime failure on its way up the stack; becomes a `Diagnostic` at the top, or an error
/// record in `catch`.
struct Fault: Error {
    /// Errors are catchable; interrupts and `exit` are not.
    enum Kind: Equatable {
        case error, interrupted
        case exit(Int32)
    }

    var kind: Kind = .error
    var message: String
    var hint: String?
    var range: SourceRange?
    var source: SourceFile?
    var report: ErrorReport?
    var trace: [String] = []
    /// Calls left out of `trace` to keep it short (deep recursion).
    var elided = 0
    /// For `exit(code, message)` and `fail(message)`: the message to show as the script ends.
    var farewell: String?
    /// The message already names the element a stage failed on.
    var namesElement = false

    init(_ message: String, hint: String? = nil, report: ErrorReport? = nil) {
        self.message = message
        self.hint = hint
        self.report = report
    }

    /// `exit(code)`, or `exit(code, message)` / `fail(message)`: the script ends and only the
    /// message is shown (on standard error) — no place or caret, which are for programming errors.
    static func exit(_ code: Int32, message: String?) -> Fault {
        var f = Fault(message ?? "exit(\(code))")
        f.kind = .exit(code)
        f.farewell = message
        return f
    }

    static let interrupted: Fault = {
        var f = Fault("interrupted")
        f.kind = .interrupted
        return f
    }()

    /// This fault with the element a stage was evaluating when it failed (`(advocate adv_…)`),
    /// for records with an id; once, however many stages it passes through.
    func naming(_ element: Value) -> Fault {
        guard !namesElement, case .record(let r) = element, case .string(let id)? = r["id"] else { return self }
        var f = self
        let noun = r.resource.map { $0.hasSuffix("s") ? String($0.dropLast()) : $0 } ?? "record"
        f.message += " (\(noun) \(id))"
        f.namesElement = true
        return f
    }

    /// This fault with a location, unless it already has one.
    func located(_ range: SourceRange, in source: SourceFile) -> Fault {
        guard self.range == nil else { return self }
        var f = self
        f.range = range
        f.source = source
        return f
    }

    /// Wraps any error (host errors carry their `ErrorReport`). A host call cancelled by Ctrl-C is
    /// an interrupt, never a catchable error: a `CancellationError`, or a report with code
    /// `cancelled` and no HTTP status (the client's; a server's errors always have a status).
    static func from(_ error: any Error) -> Fault {
        if let f = error as? Fault { return f }
        if error is CancellationError { return .interrupted }
        if let r = error as? any ReportableError {
            if r.report.code == "cancelled", r.report.status == nil { return .interrupted }
            return Fault(r.report.message, hint: r.report.hint, report: r.report)
        }
        return Fault("\(error)")
    }

    /// This fault as seen once the evaluation has been cancelled: an error raised after Ctrl-C
    /// (a host call cut short, a stream closed under a stage) is the interrupt, so no `catch`
    /// runs its handler; `exit` keeps its status.
    func afterCancellation() -> Fault {
        guard kind == .error else { return self }
        var f = Fault.interrupted
        f.range = range
        f.source = source
        return f
    }

    /// The error record `catch e` binds.
    var record: Value {
        var fields: Value = .null
        if let f = report?.fields {
            fields = .record(Record(f.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))
        }
        let line: Value = if let range, let source { .int(source.line(of: range.start)) } else { .null }
        return .record(Record([
            ("message", .string(message)),
            ("status", report?.status.map { .int($0) } ?? .null),
            ("code", report?.code.map { .string($0) } ?? .null),
            ("fields", fields),
            ("request_id", report?.requestID.map { .string($0) } ?? .null),
            ("line", line),
        ]))
    }

    /// The user-facing diagnostic.
    var diagnostic: Diagnostic {
        let kind: Diagnostic.Kind = switch self.kind {
        case .error: .runtime
        case .interrupted: .interrupted
        case .exit(let n): .exit(n)
        }
        var t = trace
        if elided > 0 { t.append("... \(elided) more calls") }
        var d = Diagnostic(kind: kind, message: message, in: source, at: range, hint: hint, trace: t, report: report)
        d.farewell = farewell
        return d
    }
}

/// Runs `body`, giving any fault without a location the location `range`.
@inline(__always)
func at<T>(_ range: SourceRange, _ source: SourceFile, _ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw relocated(error, range, source) }
}

/// The error of `at`, out of line: keeping `Fault` temporaries out of the hot frames keeps the
/// native stack used per civi call small (deep recursion needs that).
@inline(never)
func relocated(_ error: any Error, _ range: SourceRange, _ source: SourceFile) -> any Error {
    Fault.from(error).located(range, in: source)
}
