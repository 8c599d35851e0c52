import CiviExport
import CiviTestSupport
import Foundation
import Testing

/// Long statements of an exported program are broken one argument per line, as a formatter would
/// break them, and the program still prints what civi prints.
struct LineWrappingTests {
    static let padding = String(repeating: "x", count: 70)
    static let source = """
        rows = [{city: "Austin", name: "a", opt: true}, {city: "Boise", name: "b", opt: true}, {city: "Austin", name: "c", opt: false}, {city: "Austin", name: "d", opt: true}]
        by_city = rows | where .opt | group .city | sort .count desc | map {city: .key, count: .count, names: .items | map .name} | take 3
        print(by_city)
        names = rows | where .city != "Nowhere in particular" and .opt == true and len(.name) < 1000000 | map .name + "!"
        print(names)
        joined = (a, b) => a + b + "\(padding)"
        print(joined("p", "q"))
        n = len(rows)
        if n > 10 {
          print("many")
          n = 0
        } else if n + len(by_city) + len("\(padding)") > 1000 {
          print("never")
          n = 1
        } else {
          print("few", n)
        }

        """

    static let expected = """
        [{city: "Austin", count: 2, names: ["a", "d"]}, {city: "Boise", count: 1, names: ["b"]}]
        ["a!", "b!", "d!"]
        pq\(padding)
        few 4

        """

    @Test(arguments: ExportHarness.Language.allCases)
    func aLongStatementIsBrokenOverLinesAndStillRuns(language: ExportHarness.Language) throws {
        let text = try Exporter.export(LineWrappingTests.source, name: "wrap.civi", to: language == .python ? .python : .javascript)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0.contains("by_city = ") }!
        #expect(lines[start].hasSuffix("("), "\(lines[start])")
        let main = lines[lines.firstIndex { $0 == "def main():" || $0 == "async function main() {" }!...]
        // A lambda's parameters are never split (in Python, `(lambda a,` / `b: …)` would be a tuple).
        if language == .python {
            // A long comprehension: one clause per line.
            #expect(main.contains { $0.hasSuffix(" for it in rows") }, "\(main.joined(separator: "\n"))")
        }
        let long = main.filter { $0.count > 100 && !$0.contains("lambda") && !$0.contains("=>") }
        #expect(long.isEmpty, "\(long)")
        let file = try CiviProcess.temporaryHome() + "/wrap." + language.fileExtension
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try ExternalProgram.run(language.command, [file], environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 0 && run.stdout == LineWrappingTests.expected, "\(run.stdout) \(run.stderr)\n\(main.joined(separator: "\n"))")
    }
}
