import CiviSandbox
import CiviTestSupport
import Foundation
import Testing

/// Control characters in data (a server's fields, a script's strings) are shown escaped on a
/// terminal — in `print`, in shown values and in error messages — and stay exact in piped JSON.
@Suite(.serialized) struct TerminalEscapeTests {
    static let retitle = "\u{1B}]0;pwned\u{07}"
    static let clear = "\u{1B}[2J"
    static let csi = "\u{9B}2J"

    /// The raw bytes contain none of the hostile sequences.
    func expectNoRawSequences(_ transcript: String) {
        #expect(!transcript.contains("\u{1B}]0;pwned"), "a raw OSC reached the terminal")
        #expect(!transcript.contains(Self.clear), "a raw clear-screen reached the terminal")
        #expect(!transcript.unicodeScalars.contains("\u{9B}"), "a raw C1 CSI reached the terminal")
    }

    @Test func serverFieldsAreEscapedInPrintValuesAndErrors() async throws {
        try await withREPL(sandboxOptions: SandboxOptions(campaigns: 1, advocates: 2, actions: 0), arguments: ["--no-color"]) { t in
            try t.expect("> ")
            // The statement is typed with civi escapes; the server stores and returns the raw characters.
            t.send(#"a = create_advocate({email: "esc@example.org", first_name: "\u{1b}]0;pwned\u{7}", last_name: "\u{1b}[2J\u{9b}2J"})"#)
            try t.expect("> ")
            t.send(#"b = advocates(email: "esc@example.org") | first"#)
            try t.expect("> ")
            t.send(#"print(upper("printed") + b.first_name + b.last_name)"#)
            try t.expect(#"PRINTED\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}2J"#)
            t.send(#"upper("shown") + b.first_name"#)
            try t.expect(#"SHOWN\u{1b}]0;pwned\u{7}"#)
            t.send(#"error(upper("failed") + b.last_name)"#)
            try t.expect(#"FAILED\u{1b}[2J\u{9b}2J"#)
            t.send("b")
            try t.expect("esc@example.org")
            try t.expect("> ")
            t.endInput()
            _ = t.waitForExit()
            expectNoRawSequences(t.transcript)
        }
    }

    @Test func evalValuesPrintAndTheSourceEchoOfAnErrorAreEscaped() async throws {
        // Raw control characters inside the source itself, including the line an error points at.
        let source = "s = \"\(Self.retitle)\"\nprint(s)\ns + \"\(Self.csi)\"\n\"\(Self.clear)\" + 1\n"
        try await withREPL(arguments: ["--no-color", "-e", source]) { t in
            #expect(t.waitForExit() == 1)
            try t.expect("cannot apply")
            expectNoRawSequences(t.transcript)
            #expect(!t.transcript.contains("\u{1B}"), "no escape byte at all: \(t.transcript.debugDescription)")
            #expect(t.screen.contains(#"\u{1b}]0;pwned\u{7}"#), "\(t.screen)")
            #expect(t.screen.contains(#" 4 | "\u{1b}[2J" + 1"#), "\(t.screen)")
        }
    }

    @Test func jsonOnATerminalEscapesC1ControlsAsJSON() async throws {
        try await withREPL(arguments: ["--no-color", "--format", "json", "-e", "{s: \"\(Self.retitle + Self.csi)\"}"]) { t in
            #expect(t.waitForExit() == 0)
            expectNoRawSequences(t.transcript)
            #expect(t.screen.contains(#""s": "\u001b]0;pwned\u0007\u009b2J""#), "\(t.screen)")
        }
    }

    @Test func pipedOutputKeepsTheExactString() throws {
        let home = try CiviProcess.temporaryHome()
        let env = CiviProcess.environment(home: home)
        let hostile = Self.retitle + Self.clear + Self.csi
        let json = try CiviProcess.run(["-e", "{name: \"\(hostile)\"}"], environment: env)
        #expect(json.status == 0, "\(json.all)")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(parsed?["name"] as? String == hostile)
        let printed = try CiviProcess.run(["-e", "print(\"\(hostile)\")"], environment: env)
        #expect(printed.stdout == hostile + "\n")
    }
}
