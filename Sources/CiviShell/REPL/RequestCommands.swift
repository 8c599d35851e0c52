import CiviClient

/// The REPL's `:curl [N]` and `:verbose on|off`: what the last statement asked of the API.
struct RequestCommands {
    let session: Session

    /// `:curl` every request of the last statement that sent any; `:curl 1` the first, `:curl -1` the last.
    func curl(_ argument: String) -> Result<String, RequestCommandError> {
        guard let client = session.connection.connectedClient, client.logicalRequestCount > 0 else {
            return .success("no request has been sent yet\n")
        }
        let range = session.lastRequests
        let all = client.recentRequests.filter { range.contains($0.sequence) }.sorted { $0.sequence < $1.sequence }
        let key = session.connection.embeddedSandboxKey
        if !argument.isEmpty {
            guard let n = Int(argument), n != 0 else {
                return .failure(RequestCommandError(":curl takes a request number: 1 the first, -1 the last, not '\(argument)'"))
            }
            let index = n > 0 ? n - 1 : range.count + n
            guard index >= 0, index < range.count else {
                return .failure(RequestCommandError("the last statement sent \(Self.requests(range.count)); :curl takes 1…\(range.count) or -1…-\(range.count)"))
            }
            guard let entry = all.first(where: { $0.sequence == range.lowerBound + index }) else {
                return .failure(RequestCommandError("request \(index + 1) of \(range.count) is no longer in the log, which keeps the last \(client.requestLogCapacity)"))
            }
            return .success(entry.curlCommand(localKey: key) + "\n")
        }
        if range.isEmpty { return .success("no statement has sent a request yet\n") }
        if all.count == 1, range.count == 1 { return .success(all[0].curlCommand(localKey: key) + "\n") }
        var out = ""
        if all.count < range.count {
            out += "# the last statement sent \(Self.requests(range.count)); the log keeps the last \(client.requestLogCapacity)\n"
        }
        for entry in all {
            out += "# \(entry.sequence - range.lowerBound + 1) of \(range.count)\n" + entry.curlCommand(localKey: key) + "\n"
        }
        return .success(out)
    }

    /// `:verbose` shows the state; `:verbose on|off` logs one line per request on standard error, or stops.
    func verbose(_ on: Bool?) -> String {
        guard let on else { return "verbose: \(session.connection.isVerbose ? "on" : "off")\n" }
        session.connection.setVerbose(on)
        return on ? "verbose on: each request is logged on standard error\n" : "verbose off\n"
    }

    private static func requests(_ n: Int) -> String { n == 1 ? "1 request" : "\(n) requests" }
}

/// A `:curl` argument that names no request of the last statement.
struct RequestCommandError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
