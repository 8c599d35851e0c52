import CiviTestSupport
import Foundation
import Testing

/// A create whose first attempt reached the server but got a 503 is retried with the same
/// Idempotency-Key, so the server can tell it is the same create (a retry never doubles a write).
struct IdempotencyTests {
    @Test(arguments: ExportHarness.Language.allCases)
    func aRetriedCreateSendsTheSameIdempotencyKey(language: ExportHarness.Language) throws {
        let home = try CiviProcess.temporaryHome()
        let harness = ExportHarness(home: home, seedIDs: [])
        let script = home + "/create.civi"
        try "a = create_advocate({email: \"retry@example.org\"})\nprint(a.id, a.email)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let (file, exported) = try harness.export(script, to: language)
        #expect(exported.status == 0, "\(exported.stderr)")

        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Repository.root + "/Tests/ExportCorpus/support/flaky_api.py"]
        let input = Pipe(), output = Pipe()
        server.standardInput = input
        server.standardOutput = output
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let reader = output.fileHandleForReading
        var portLine = Data()
        while !portLine.contains(10), let byte = try reader.read(upToCount: 1), !byte.isEmpty { portLine += byte }
        let port = String(decoding: portLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)

        let run = try ExternalProgram.run(language.command, [file], environment: CiviProcess.environment(home: home, extra: [
            "CIVICLICK_BASE_URL": "http://127.0.0.1:\(port)/api/v2", "CIVICLICK_API_KEY": "sk_test_flaky",
        ]), timeout: 30)
        try input.fileHandleForWriting.close()
        let keysText = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        server.waitUntilExit()

        #expect(run.stdout == "adv_0000000001 retry@example.org\n", "\(run.stderr)")
        let keys = try JSONSerialization.jsonObject(with: Data(keysText.utf8)) as? [String?] ?? []
        #expect(keys.count == 2, "\(keysText)")
        #expect(keys.first??.isEmpty == false && keys.first == keys.last, "the retry changed its key: \(keys)")
    }
}
