import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// Every acceptance script in `../shared/scenarios` runs with `civi run` against a fresh sandbox.
@Suite(.serialized) struct ScenarioTests {
    static let scenarios: [String] = {
        let dir = Repository.scenarios
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".civi") }.sorted()
    }()

    @Test func scenariosArePresent() {
        #expect(Self.scenarios.count >= 7, "expected the shared scenarios in \(Repository.scenarios)")
    }

    /// Each scenario with server-side pushdown of `where` on and off: the results must agree.
    @Test(arguments: scenarios, ["1", "0"])
    func scenarioPasses(name: String, pushdown: String) async throws {
        let sandbox = try await TestSandbox.start()
        let home = try CiviProcess.temporaryHome()
        var extra = sandbox.keyEnvironment
        extra["CIVI_PUSHDOWN"] = pushdown
        let env = CiviProcess.environment(home: home, extra: extra)
        let result = Result { try CiviProcess.run(["run"] + sandbox.arguments + [Repository.scenarios + "/" + name], environment: env) }
        await sandbox.stop()
        let out = try result.get()
        #expect(out.status == 0, "\(name) failed (pushdown \(pushdown), exit \(out.status)):\n\(out.all)")
        #expect(!out.all.contains(sandbox.server.apiKey), "the API key leaked into the output of \(name)")
    }
}
