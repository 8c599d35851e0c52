import CiviSandbox

/// A sandbox server started in-process for one test, on a free loopback port.
public struct TestSandbox: Sendable {
    /// The running server (its `baseURL` and `apiKey`).
    public let server: SandboxServer

    /// Starts a sandbox with `options` (the full default seed unless given smaller counts).
    public static func start(_ options: SandboxOptions = SandboxOptions()) async throws -> TestSandbox {
        TestSandbox(server: try await SandboxServer.start(options))
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
