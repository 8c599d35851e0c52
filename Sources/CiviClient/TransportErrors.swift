import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// An attempt ran past the client's overall deadline (body included).
struct AttemptDeadlineExceeded: Error {}

/// The time limits of an attempt, so timeout messages can say which one ran out.
struct AttemptLimits {
    /// The idle timeout, seconds.
    var idle: Double
    /// The overall deadline, seconds.
    var deadline: Double
}

/// Turns errors from AsyncHTTPClient/NIO into `CiviClientError`s and says whether a retry may help.
enum TransportErrors {
    /// The client error for `error` while talking to `host` (`host[:port]` of the request), and
    /// whether the attempt may be retried.
    static func classify(_ error: any Error, host: String,
                         limits: AttemptLimits) -> (error: CiviClientError, retryable: Bool) {
        if error is CancellationError { return (.cancelled, false) }
        if let e = error as? CiviClientError { return (e, false) }
        if error is AttemptDeadlineExceeded {
            return (.transport(.timeout, host: host, detail: "the answer took longer than the \(seconds(limits.deadline)) deadline"), true)
        }
        if error is NIOTooManyBytesError {
            let mib = CiviClient.maxBodyBytes / (1024 * 1024)
            return (.transport(.tooLarge, host: host, detail: "response larger than \(mib) MiB"), false)
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .cancelled, .requestStreamCancelled: return (.cancelled, false)
            case .connectTimeout: return (.transport(.timeout, host: host, detail: "connect timed out"), true)
            case .readTimeout:
                return (.transport(.timeout, host: host, detail: "nothing received for \(seconds(limits.idle))"), true)
            case .deadlineExceeded:
                return (.transport(.timeout, host: host, detail: "the answer took longer than the \(seconds(limits.deadline)) deadline"), true)
            case .tlsHandshakeTimeout: return (.transport(.tls, host: host, detail: "TLS handshake timed out"), true)
            case .remoteConnectionClosed: return (.transport(.other, host: host, detail: "the server closed the connection"), true)
            default: return (.transport(.other, host: host, detail: "\(e)"), false)
            }
        }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first {
                return classify(first.error, host: host, limits: limits)
            }
            if let dns = e.dnsAError ?? e.dnsAAAAError {
                return (.transport(.dns, host: host, detail: "\(dns)"), false)
            }
            return (.transport(.dns, host: host, detail: "no address found"), false)
        }
        if let e = error as? IOError {
            switch e.errnoCode {
            case ECONNREFUSED: return (.transport(.refused, host: host, detail: "connection refused"), true)
            case ECONNRESET, EPIPE: return (.transport(.refused, host: host, detail: "connection reset"), true)
            case ETIMEDOUT: return (.transport(.timeout, host: host, detail: "connect timed out"), true)
            case ENETUNREACH, EHOSTUNREACH: return (.transport(.refused, host: host, detail: "network unreachable"), true)
            default: return (.transport(.other, host: host, detail: "\(e)"), false)
            }
        }
        if error is ChannelError {
            return (.transport(.other, host: host, detail: "\(error)"), true)
        }
        // TLS errors come from NIOSSL, which this module does not import: recognise them by type name.
        let typeName = String(reflecting: type(of: error))
        if typeName.contains("SSL") || typeName.contains("TLS") {
            return (.transport(.tls, host: host, detail: "\(error)"), false)
        }
        return (.transport(.other, host: host, detail: "\(error)"), false)
    }

    /// `30 s`, `0.5 s`.
    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}
