import CiviTestSupport
import Foundation
import Testing

/// Top-level variables live in cells the REPL keeps between lines; the compiled fast paths that
/// read and write them in place must see every line's changes.
@Suite(.serialized) struct REPLTopLevelVariablesTests {
    @Test func loopsAndFunctionsSeeVariablesAcrossLines() async throws {
        try await withREPL(arguments: ["--no-color"]) { t in
            try t.expect("> ")
            t.send("later = 0")
            t.send("fn twice() { later * 2 }")
            t.send("later = 2101")
            t.send("twice()")
            try t.expect("4202")
            t.send("later = later + 1")
            t.send("twice()")
            try t.expect("4204")
            t.send("fn twice() { later + 10000 }")
            t.send("twice()")
            try t.expect("12102")
            t.send("n = 0")
            t.send("while n < 7777 { n += 1 }")
            t.send("n + 1000000")
            try t.expect("1007777")
            t.send("n = \"text\"")
            t.send("n = n + \"ual\"")
            t.send("len(n) + 424200")
            try t.expect("424207")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }

    @Test func ctrlCStopsALoopOverTopLevelVariables() async throws {
        try await withREPL(arguments: ["--no-color"]) { t in
            try t.expect("> ")
            t.send("i = 0")
            try t.expect("> ")
            t.send("while i >= 0 { i = i + 1 }")
            usleep(300_000)
            let sent = Date()
            t.type("\u{03}")
            try t.expect("interrupted", timeout: 5)
            try t.expect("> ", timeout: 5)
            #expect(Date().timeIntervalSince(sent) < 2)
            t.send("if i > 1000 { 31330 + 7 } else { 0 }")
            try t.expect("31337")
            t.endInput()
            #expect(t.waitForExit() == 0)
        }
    }
}
