import Foundation
/// The scheme and host rules for base URLs (HTTPS everywhere except loopback) and the origin
/// rule for every request: the key goes only to the base URL's origin.
enum URLPolicy {
    /// A URL's origin after normalising: scheme and host in lower case, the default port explicit.
    /// Hosts are compared as strings, so `127.1` or `2130706433` never equal `127.0.0.1`.
    struct Origin: Equatable, Sendable {
        var scheme: String
        var host: String
        var port: Int
    }

    /// Splits `scheme://host[:port]/path` into its parts, or nil when it is not such a URL.
    static func parts(of url: String) -> (scheme: String, host: String, rest: String)? {
        components(of: url).map { ($0.scheme, $0.host, $0.rest) }
    }

    /// The normalised origin of an absolute URL, or nil when it has no usable authority.
    static func origin(of url: String) -> Origin? {
        guard let c = components(of: url) else { return nil }
        let defaultPort: Int? = switch c.scheme {
        case "http": 80
        case "https": 443
        default: nil
        }
        guard let port = c.port ?? defaultPort else { return nil }
        return Origin(scheme: c.scheme, host: c.host, port: port)
    }

    /// `host[:port]` of a URL as a message should name it (the port only when the URL gives one).
    static func hostAndPort(of url: String) -> String? {
        guard let c = components(of: url) else { return nil }
        let host = c.host.contains(":") ? "[\(c.host)]" : c.host
        return c.port.map { "\(host):\($0)" } ?? host
    }

    /// True when `link` names its own scheme (`https://…`, `ftp:…`) or authority (`//host/…`),
    /// i.e. it does not stay under the base URL by construction.
    static func isAbsolute(_ link: String) -> Bool {
        if link.hasPrefix("//") { return true }
        guard let colon = link.firstIndex(of: ":"), let first = link.first, first.isASCII, first.isLetter else {
            return false
        }
        return link[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// The parts of `scheme://[userinfo@]host[:port]rest`; nil without `://`, a host, or with a bad port.
    private static func components(of url: String) -> (scheme: String, host: String, port: Int?, rest: String)? {
        guard let sep = url.range(of: "://") else { return nil }
        let scheme = url[..<sep.lowerBound].lowercased()
        let afterScheme = url[sep.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let host: String
        let portText: Substring?
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else {
            let split = hostPort.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = String(split.first ?? "")
            portText = split.count > 1 ? split[1] : nil
        }
        guard !host.isEmpty else { return nil }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let p = Int(portText), p <= 65535 else { return nil }
            port = p
        }
        return (scheme, host.lowercased(), port, String(afterScheme[authorityEnd...]))
    }

    /// True for localhost, ::1 and 127.0.0.0/8.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host.hasSuffix(".localhost") { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { UInt8($0) != nil }
    }

    /// Checks a base URL; returns it without a trailing slash or throws a configuration error.
    static func validate(_ url: String, insecureHTTP: Bool) throws(CiviClientError) -> String {
        guard let p = parts(of: url) else {
            throw .configuration(message: "base URL '\(url)' is not a URL",
                                 hint: "use the form https://HOST/api/v2")
        }
        switch p.scheme {
        case "https":
            break
        case "http":
            if !isLoopback(p.host) && !insecureHTTP {
                throw .configuration(
                    message: "refusing http:// to \(p.host): the API key would travel unencrypted",
                    hint: "use https://, or pass --insecure-http if you really mean it")
            }
        default:
            throw .configuration(message: "base URL '\(url)' must start with https:// (or http:// for loopback)",
                                 hint: nil)
        }
        guard origin(of: url) != nil else {
            throw .configuration(message: "base URL '\(url)' has an invalid port", hint: "use the form https://HOST[:PORT]/api/v2")
        }
        var out = url
        while out.hasSuffix("/") { out.removeLast() }
        return out
    }
}
