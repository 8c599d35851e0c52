import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Turns errors from AsyncHTTPClient/NIO into `CiviClientError`s and says whether a retry may help.
enum TransportErrors {
    /// The client error for `error` while talking to `host`, and whether the attempt may be retried.
    static func classify(_ error: any Error, host: String) -> (error: CiviClientError, retryable: Bool) {
        if error is CancellationError { return (.cancelled, false) }
        if let e = error as? CiviClientError { return (e, false) }
        if let e = error as? HTTPClientError {
            switch e {
            case .cancelled, .requestStreamCancelled: return (.cancelled, false)
            case .connectTimeout: return (.transport(.timeout, host: host, detail: "connect timed out"), true)
            case .readTimeout, .deadlineExceeded: return (.transport(.timeout, host: host, detail: "no answer in time"), true)
            case .tlsHandshakeTimeout: return (.transport(.tls, host: host, detail: "TLS handshake timed out"), true)
            case .remoteConnectionClosed: return (.transport(.other, host: host, detail: "the server closed the connection"), true)
            default: return (.transport(.other, host: host, detail: "\(e)"), false)
            }
        }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first {
                return classify(first.error, host: host)
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
}
