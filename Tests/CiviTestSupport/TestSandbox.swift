import CiviSandbox

/// A sandbox server started in-process for one test, on a free loopback port.
public struct TestSandbox: Sendable {
    /// The running server (its `baseURL` and `apiKey`).
    public let server: SandboxServer

    /// Wraps a server the test started itself (e.g. with no anchor, to see the default).
    public init(server: SandboxServer) { self.server = server }

    /// The anchor tests seed with unless they choose one (2026-01-01T00:00:00Z), so dates in
    /// expectations do not move with the clock.
    public static let fixedAnchorMs: Int64 = 1_767_225_600_000

    /// Starts a sandbox with `options` (the full default seed unless given smaller counts), anchored
    /// at `fixedAnchorMs` unless the options name an anchor.
    public static func start(_ options: SandboxOptions = SandboxOptions()) async throws -> TestSandbox {
        var anchored = options
        if anchored.anchorMs == nil { anchored.anchorMs = fixedAnchorMs }
        return TestSandbox(server: try await SandboxServer.start(anchored))
    }

    /// Command-line arguments that point civi at this sandbox as a remote API.
    public var arguments: [String] { ["--base-url", server.baseURL] }

    /// Environment entries that carry the key.
    public var keyEnvironment: [String: String] { ["CIVICLICK_API_KEY": server.apiKey] }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// Runs `civi -e SOURCE` against this sandbox with `home` as HOME (see `CiviProcess`).
    public func evaluate(_ source: String, home: String) throws -> CiviProcess.Output {
        try CiviProcess.run(arguments + ["-e", source], environment: CiviProcess.environment(home: home, extra: keyEnvironment))
    }
}

extension SandboxOptions {
    /// A small seed for tests whose counts do not matter (starts in milliseconds).
    public static var small: SandboxOptions { SandboxOptions(campaigns: 6, advocates: 50, actions: 200) }
}
