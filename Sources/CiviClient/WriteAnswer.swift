import CiviCore

/// A write's decoded body together with the response it came in: the final HTTP status and the
/// `X-Request-Id` (key redacted), so a journal can record each write's own answer.
public struct WriteAnswer: Sendable {
    /// The decoded body (the record for creates and updates, null for an empty body).
    public var value: Value
    /// The final status (after retries).
    public var status: Int
    /// The response's `X-Request-Id`, when the API sent one.
    public var requestID: String?

    /// Makes an answer.
    public init(value: Value, status: Int, requestID: String?) {
        self.value = value
        self.status = status
        self.requestID = requestID
    }

    init(_ value: Value, of response: WireResponse) {
        self.init(value: value, status: response.status, requestID: response.requestID)
    }
}
