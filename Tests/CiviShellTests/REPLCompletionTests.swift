import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// Tab on a real pseudo-terminal: stage fields and enum filter values.
@Suite(.serialized) struct REPLCompletionTests {
    @Test func tabCompletesStageFieldsAndEnumValues() async throws {
        try await withREPL(sandboxOptions: .small, arguments: ["--no-color"]) { t in
            try t.expect("> ")
            t.type("advocates() | where .st\t")
            t.type("== \"ZZ\" | count\r")
            let fields = try t.expect("> ")
            #expect(fields.contains("where .state == \"ZZ\""), "\(fields)")
            #expect(fields.contains("\n0"), "\(fields)")
            t.type("campaigns(status: \"clo\t")
            t.type(") | map .status | unique | collect\r")
            let values = try t.expect("> ")
            #expect(values.contains("campaigns(status: \"closed\" )"), "\(values)")
            #expect(!values.contains("error"), "\(values)")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }
}
