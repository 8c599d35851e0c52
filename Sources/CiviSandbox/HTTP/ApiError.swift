/// An error answer of the API: status, machine code, message and per-field messages.
struct ApiError: Error, Sendable {
    /// The HTTP status code.
    var status: Int
    /// The `error.code` of the body, e.g. `not_found`.
    var code: String
    /// The human message.
    var message: String
    /// One message per field, in a stable order.
    var fields: [(String, String)] = []
    /// Extra headers (e.g. `Retry-After`, `Allow`).
    var headers: [(String, String)] = []

    static func badRequest(_ message: String) -> ApiError {
        ApiError(status: 400, code: "bad_request", message: message)
    }

    static func notFound(_ message: String) -> ApiError {
        ApiError(status: 404, code: "not_found", message: message)
    }

    static func validation(_ fields: [(String, String)]) -> ApiError {
        let names = fields.map(\.0).joined(separator: ", ")
        return ApiError(status: 422, code: "validation_failed", message: "invalid fields: \(names)", fields: fields)
    }

    static func unprocessable(field: String, _ message: String) -> ApiError {
        ApiError(status: 422, code: "validation_failed", message: message, fields: [(field, message)])
    }

    /// The JSON error body, carrying the request id so logs and reports can be matched.
    func body(requestID: String) -> [UInt8] {
        var out = JSONBytes()
        out.beginObject()
        out.key("error")
        out.beginObject()
        out.field("code", code)
        out.field("message", message)
        if !fields.isEmpty {
            out.key("fields")
            out.beginObject()
            for (name, text) in fields { out.field(name, text) }
            out.endObject()
        }
        out.field("request_id", requestID)
        out.endObject()
        out.endObject()
        return out.bytes
    }
}
