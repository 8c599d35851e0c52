import CiviSandbox

/// A sandbox server started in-process for one test, on a free loopback port.
struct TestSandbox {
    let server: SandboxServer

    /// Starts a sandbox (default seed unless given smaller counts).
    static func start(_ options: SandboxOptions = SandboxOptions()) async throws -> TestSandbox {
        TestSandbox(server: try await SandboxServer.start(options))
    }

    /// Command-line arguments that point civi at this sandbox as a remote API.
    var arguments: [String] { ["--base-url", server.baseURL] }

    /// Environment entries that carry the key.
    var keyEnvironment: [String: String] { ["CIVICLICK_API_KEY": server.apiKey] }

    func stop() async { await server.stop() }
}
