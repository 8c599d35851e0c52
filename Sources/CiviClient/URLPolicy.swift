/// The scheme and host rules for base URLs: HTTPS everywhere except loopback.
enum URLPolicy {
    /// Splits `scheme://host[:port]/path` into its parts, or nil when it is not such a URL.
    static func parts(of url: String) -> (scheme: String, host: String, rest: String)? {
        guard let sep = url.range(of: "://") else { return nil }
        let scheme = url[..<sep.lowerBound].lowercased()
        let afterScheme = url[sep.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        let host: String
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
        } else {
            host = String(hostPort.split(separator: ":", maxSplits: 1).first ?? "")
        }
        guard !host.isEmpty else { return nil }
        return (scheme, host.lowercased(), String(afterScheme[authorityEnd...]))
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
        var out = url
        while out.hasSuffix("/") { out.removeLast() }
        return out
    }
}
