import CiviCore

/// Why a transport-level failure happened, so the message can say what to check.
public enum TransportFailure: String, Sendable, Equatable {
    /// Nothing listens at the address (connection refused or reset).
    case refused
    /// The host name could not be resolved.
    case dns
    /// The TLS handshake or certificate check failed.
    case tls
    /// The server did not answer in time.
    case timeout
    /// The response was larger than the client accepts.
    case tooLarge
    /// The connection broke for another reason.
    case other
}

/// Every failure the client reports; each case carries what a user needs to act on it.
public enum CiviClientError: Error, ReportableError, Sendable, Equatable, CustomStringConvertible {
    /// The API answered with an error status (its own `code`, `message`, `fields`, request id).
    case http(status: Int, code: String?, message: String, fields: [String: String]?, requestID: String?)
    /// The API rejected the key (401); `keySource` says where the key came from, never the key.
    case authentication(status: Int, message: String, keySource: String, requestID: String?)
    /// The request never got an HTTP answer.
    case transport(TransportFailure, host: String, detail: String)
    /// The answer was not the JSON it should be; `preview` is its first 200 bytes.
    case decoding(status: Int, reason: String, preview: String, requestID: String?)
    /// The answer broke the API contract in a way the client cannot safely work around (a next
    /// link to another origin or in a loop, a malformed `meta`); `message` names what was wrong.
    case badResponse(message: String, requestID: String?)
    /// Settings, config file or arguments are wrong; `hint` says how to fix them.
    case configuration(message: String, hint: String?)
    /// The operation was cancelled (task cancelled, Ctrl-C).
    case cancelled

    /// One line for humans.
    public var description: String {
        let r = report
        return r.hint.map { "\(r.message) (hint: \($0))" } ?? r.message
    }

    /// The error as the shell and a script's `catch` see it (conventions in the client brief).
    public var report: ErrorReport {
        switch self {
        case let .http(status, code, message, fields, requestID):
            return ErrorReport(message: message, status: status, code: code ?? "http_\(status)", fields: fields,
                               requestID: requestID, hint: Self.hint(forStatus: status))
        case let .authentication(status, message, keySource, requestID):
            return ErrorReport(
                message: message, status: status, code: status == 403 ? "forbidden" : "unauthorized",
                requestID: requestID,
                hint: "the API key from \(keySource) was refused; set a valid key there "
                    + "(or CIVICLICK_API_KEY), or run without a key to use the local sandbox")
        case let .transport(kind, host, detail):
            let (code, message, hint): (String, String, String) = switch kind {
            case .refused: ("transport", "could not connect to \(host): \(detail)",
                            "is the server running and the base URL right?")
            case .dns: ("transport", "could not resolve host \(host): \(detail)", "check the base URL's host name")
            case .tls: ("tls", "TLS failed with \(host): \(detail)",
                        "the server's certificate must be valid for \(host); civi always verifies it")
            case .timeout: ("timeout", "\(host) did not answer in time: \(detail)",
                            "raise the limits (--timeout / --deadline, or `timeout` / `deadline` in the profile) "
                                + "or try again")
            case .tooLarge: ("too_large", "\(detail) from \(host)",
                             "ask for less at a time (a filter, a smaller per_page) or use a raw request with paging")
            case .other: ("transport", "connection to \(host) failed: \(detail)", "try again")
            }
            return ErrorReport(message: message, code: code, hint: hint)
        case let .decoding(status, reason, preview, requestID):
            return ErrorReport(
                message: "the response (HTTP \(status)) was not valid JSON: \(reason); it began: \(preview)",
                code: "decoding", requestID: requestID,
                hint: "a proxy or gateway may have answered instead of the API; check the base URL")
        case let .badResponse(message, requestID):
            return ErrorReport(message: message, code: "bad_response", requestID: requestID,
                               hint: "the server did not follow the API contract; civi stopped rather than guess")
        case let .configuration(message, hint):
            return ErrorReport(message: message, code: "configuration", hint: hint)
        case .cancelled:
            return ErrorReport(message: "cancelled", code: "cancelled")
        }
    }

    private static func hint(forStatus status: Int) -> String? {
        switch status {
        case 404: "check the id, or the resource paths ([profiles.NAME.paths] in the config file)"
        case 429, 503: "the API is busy; try again in a few minutes"
        case 500...599: "the API had a server fault; try again later"
        default: nil
        }
    }
}
