import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// A misspelled field of an API record is an error with a did-you-mean, not a silent null.
@Suite(.serialized) struct FieldTypoTests {
    @Test func typosOfAPIRecordsAreErrorsWithASuggestion() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 300, actions: 20))
        defer { Task { await sandbox.stop() } }
        let home = try CiviProcess.temporaryHome()
        // Exit 1: found at run time; exit 2: found before anything ran (the stream's resource is known).
        let cases: [(String, String, Int32)] = [
            ("a = advocates() | first; a.frist_name", "advocate has no field `frist_name`; did you mean `first_name`?", 1),
            ("s = advocates(); s | where .stat == \"CA\" | count", "advocate has no field `stat`; did you mean `state`?", 1),
            (#"advocates() | where .stat == "CA" | count"#, "advocate has no field `stat`; did you mean `state`?", 2),
            ("advocates() | take 5 | sort .action_cout", "did you mean `action_count`?", 2),
            ("campaigns() | take 2 | select id, nme | collect", "campaign has no field `nme`; did you mean `name`?", 2),
        ]
        for (source, message, status) in cases {
            let out = try sandbox.evaluate(source, home: home)
            #expect(out.status == status, "\(source): \(out.all)")
            #expect(out.stderr.contains(message), "\(source): \(out.all)")
        }
    }

    @Test func optionalReadsAndPlainRecordsStayNull() async throws {
        let sandbox = try await TestSandbox.start(SandboxOptions(campaigns: 2, advocates: 20, actions: 20))
        defer { Task { await sandbox.stop() } }
        let home = try CiviProcess.temporaryHome()
        let out = try sandbox.evaluate("""
            a = advocates() | first
            [get(a, "frist_name"), a["frist_name"], a.custom_fields.not_there, {x: 1}.y, a.first_name == a["first_name"]]
            """, home: home)
        #expect(out.status == 0, "\(out.all)")
        #expect(out.stdout.filter { !$0.isWhitespace } == "[null,null,null,null,true]", "\(out.all)")
    }
}
