import CiviTestSupport
import Foundation
import Testing

/// A create whose first attempt reached the server but got a 503 is retried with the same
/// Idempotency-Key, so the server can tell it is the same create (a retry never doubles a write).
struct IdempotencyTests {
    @Test(arguments: ExportHarness.Language.allCases)
    func aRetriedCreateSendsTheSameIdempotencyKey(language: ExportHarness.Language) throws {
        let home = try CiviProcess.temporaryHome()
        let (file, exported) = try IdempotencyTests.exportedCreate(home: home, target: language.rawValue, fileExtension: language.fileExtension)
        #expect(exported.status == 0, "\(exported.stderr)")
        try IdempotencyTests.expectOneKeyForBothAttempts(command: language.command, arguments: [file], home: home)
    }

    @Test func aRetriedCreateSendsTheSameIdempotencyKeyInSwift() throws {
        let home = try CiviProcess.temporaryHome()
        let (file, exported) = try IdempotencyTests.exportedCreate(home: home, target: "swift", fileExtension: "swift")
        #expect(exported.status == 0, "\(exported.stderr)")
        let built = SwiftBuild.compile(file)
        let binary = try #require(built.binary, "\(built.diagnostics)")
        try IdempotencyTests.expectOneKeyForBothAttempts(command: binary, arguments: [], home: home)
    }

    static func exportedCreate(home: String, target: String, fileExtension: String) throws -> (String, CiviProcess.Output) {
        let harness = ExportHarness(home: home, seedIDs: [])
        let script = home + "/create.civi"
        try "a = create_advocate({email: \"retry@example.org\"})\nprint(a.id, a.email)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        return try harness.export(script, target: target, fileExtension: fileExtension)
    }

    /// Runs the exported program against a server whose first answer to a create is a 503 after
    /// it stored the record; the program must print the one record and send one key twice.
    static func expectOneKeyForBothAttempts(command: String, arguments: [String], home: String) throws {
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

        let run = try ExternalProgram.run(command, arguments, environment: CiviProcess.environment(home: home, extra: [
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
