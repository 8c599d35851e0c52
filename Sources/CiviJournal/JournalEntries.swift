import CiviCore

/// How far a journaled write got.
public enum WriteState: String, Sendable, Equatable {
    /// Recorded before sending; no outcome yet (a crash leaves it so: the outcome is unknown).
    case intent
    /// The API answered with success.
    case sentOK = "sent-ok"
    /// The API answered with an error that means nothing was changed (a 4xx).
    case failed
    /// No answer, or a server fault: the write may or may not have been applied.
    case unknown
}

/// How a run ended, as far as the journal knows.
public enum RunStatus: String, Sendable, Equatable {
    /// Still going, or its process ended without saying (see `RunInfo.endedAbruptly`).
    case running
    /// Ran to the end.
    case finished
    /// Stopped by SIGINT/SIGTERM or Ctrl-C.
    case interrupted
    /// Stopped by an error.
    case failed
}

/// One run of civi that wrote: a script, a REPL session, `-e`, an undo.
public struct RunInfo: Sendable, Equatable {
    /// `r_` and a short random part.
    public var id: String
    /// Wall-clock seconds since the epoch.
    public var started: Double
    /// When the run ended; nil while running (or after a crash).
    public var finished: Double?
    /// The script path, `repl`, `-e`, `stdin`, `undo r_…`.
    public var what: String
    /// The profile in use.
    public var profile: String
    /// The API's host (never the key, nor the whole URL).
    public var host: String
    /// How the run ended.
    public var status: RunStatus
    /// The process that ran it (to tell a crashed run from a running one).
    public var pid: Int32

    /// Makes a run record.
    public init(id: String, started: Double, finished: Double?, what: String, profile: String, host: String,
                status: RunStatus, pid: Int32) {
        self.id = id
        self.started = started
        self.finished = finished
        self.what = what
        self.profile = profile
        self.host = host
        self.status = status
        self.pid = pid
    }
}

/// What a write will send, recorded before it is sent.
public struct WriteIntent: Sendable {
    /// `POST`, `PATCH`, `PUT`, `DELETE`.
    public var method: String
    /// The request path under the base URL.
    public var path: String
    /// The resource written, when known (raw writes to unknown paths have none).
    public var resource: String?
    /// The record's id (nil for a create).
    public var recordID: String?
    /// The request body.
    public var body: Value?
    /// The POST's Idempotency-Key.
    public var idempotencyKey: String?
    /// The record before the write (for undo); nil for creates and raw writes.
    public var before: Value?

    /// Makes an intent.
    public init(method: String, path: String, resource: String?, recordID: String?, body: Value?,
                idempotencyKey: String?, before: Value?) {
        self.method = method
        self.path = path
        self.resource = resource
        self.recordID = recordID
        self.body = body
        self.idempotencyKey = idempotencyKey
        self.before = before
    }
}

/// What happened to a write once the request ended.
public struct WriteOutcome: Sendable {
    /// Success, an API error, or unknown.
    public var state: WriteState
    /// The HTTP status, when one arrived.
    public var status: Int?
    /// The response's request id, when known.
    public var requestID: String?
    /// The record as the API returned it.
    public var after: Value?
    /// The error message, for failed and unknown writes.
    public var error: String?

    /// Makes an outcome.
    public init(state: WriteState, status: Int? = nil, requestID: String? = nil, after: Value? = nil, error: String? = nil) {
        self.state = state
        self.status = status
        self.requestID = requestID
        self.after = after
        self.error = error
    }
}

/// One journaled write as read back: its intent and, once known, its outcome.
public struct JournalWrite: Sendable {
    /// The run it belongs to.
    public var run: String
    /// 1, 2, … in the order the writes started.
    public var seq: Int
    /// What was (to be) sent.
    public var intent: WriteIntent
    /// What came back; its state is `.intent` while none did.
    public var outcome: WriteOutcome
    /// When the intent was recorded (wall-clock seconds).
    public var started: Double

    /// Makes a journaled write.
    public init(run: String, seq: Int, intent: WriteIntent, outcome: WriteOutcome, started: Double) {
        self.run = run
        self.seq = seq
        self.intent = intent
        self.outcome = outcome
        self.started = started
    }

    /// The write's state as a user should read it: an intent left behind by a run that ended is unknown.
    public func effectiveState(runEnded: Bool) -> WriteState {
        outcome.state == .intent && runEnded ? .unknown : outcome.state
    }
}

/// A run with the counts `civi log` shows.
public struct RunSummary: Sendable {
    /// The run.
    public var info: RunInfo
    /// Successful creates (POST), updates (PATCH/PUT) and deletes.
    public var created = 0, updated = 0, deleted = 0
    /// Writes the API refused.
    public var failed = 0
    /// Writes whose outcome is not known (no answer, a server fault, or a crash while in flight).
    public var unknown = 0
    /// All writes of the run.
    public var writes = 0

    /// A summary with zero counts.
    public init(info: RunInfo) { self.info = info }
}
