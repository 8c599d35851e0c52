import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// The shared test harness (Tests/CiviTestSupport) finds what it runs and cleans up after itself.
@Suite(.serialized) struct HarnessTests {
    @Test func theBinaryIsTheOneBuiltBesideTheTests() throws {
        #expect(FileManager.default.isExecutableFile(atPath: CiviProcess.binary), "\(CiviProcess.binary)")
        #if os(Linux)
        if ProcessInfo.processInfo.environment["CIVI_BIN"] == nil {
            // Not a fixed `.build/debug`: a `--scratch-path` or release build runs its own civi.
            let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            #expect((CiviProcess.binary as NSString).deletingLastPathComponent == (bundle as NSString).deletingLastPathComponent)
        }
        #endif
    }

    @Test func theRepositoryFoldersAreFound() {
        #expect(FileManager.default.fileExists(atPath: Repository.root + "/Package.swift"))
        #expect(FileManager.default.fileExists(atPath: Repository.languageTests + "/README.md"))
        #expect(FileManager.default.fileExists(atPath: Repository.examples))
    }

    @Test func withREPLEndsCiviOnTheWayOut() async throws {
        let pid = try await withREPL { repl in
            try repl.expect("> ")
            return repl.terminal.pid
        }
        // Reaped already: no such process any more.
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test func withREPLStopsItsSandboxWhenTheTestFails() async throws {
        struct Planned: Error {}
        nonisolated(unsafe) var port = 0
        await #expect(throws: Planned.self) {
            try await withREPL(sandboxOptions: SandboxOptions(campaigns: 1, advocates: 1, actions: 0)) { repl in
                port = repl.sandbox?.server.port ?? 0
                throw Planned()
            }
        }
        #expect(port > 0)
        // The port is free again: the sandbox was stopped although the body threw.
        let again = try await TestSandbox.start(SandboxOptions(port: port, campaigns: 1, advocates: 1, actions: 0))
        await again.stop()
    }
}
