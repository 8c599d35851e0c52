/// What a user (and a script's `catch`) can know about a failure: the fields of an error value.
public struct ErrorReport: Sendable, Equatable {
    /// The human message (the API's own message for HTTP errors).
    public var message: String
    /// The HTTP status, when the failure was an HTTP response.
    public var status: Int?
    /// The API's error code (e.g. `not_found`) or a client-side kind (e.g. `transport`).
    public var code: String?
    /// One message per bad field, for validation failures.
    public var fields: [String: String]?
    /// The response's `X-Request-Id`.
    public var requestID: String?
    /// A suggestion for what to do next.
    public var hint: String?

    /// Makes a report.
    public init(message: String, status: Int? = nil, code: String? = nil, fields: [String: String]? = nil,
                requestID: String? = nil, hint: String? = nil) {
        self.message = message
        self.status = status
        self.code = code
        self.fields = fields
        self.requestID = requestID
        self.hint = hint
    }
}

/// An error that can describe itself as an `ErrorReport` (client errors, host errors).
public protocol ReportableError: Error {
    /// The report shown to the user and given to `catch`.
    var report: ErrorReport { get }
}
