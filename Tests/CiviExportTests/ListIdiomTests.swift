import CiviExport
import CiviLang
import CiviTestSupport
import Foundation
import Testing

/// `where`/`map` over a value known to be a list are written as a developer would (a Python
/// comprehension, a JavaScript `filter`/`map`); anything that may be a stream, or whose function
/// could not keep its meaning inline, stays a runtime stage. (The corpus program `list_idioms`
/// checks the same programs print what civi prints.)
struct ListIdiomTests {
    static func export(_ source: String, to target: ExportTarget) throws -> String {
        let text = try Exporter.export(source, name: "idioms.civi", to: target)
        return String(text[text.range(of: target == .python ? "def main():" : "async function main()")!.lowerBound...])
    }

    @Test func aListStageIsAComprehensionInPython() throws {
        let source = "people = [{name: \"a\", n: 3}, {name: \"b\", n: 1}]\nprint(people | where .n > 2 | map .name)\n"
            + "print(range(4) | where it | map (x => x * 2))\n"
        let main = try ListIdiomTests.export(source, to: .python)
        #expect(main.contains("civi_print([field(it, \"name\") for it in [it for it in people if gt(field(it, \"n\"), 2)]])"), "\(main)")
        #expect(main.contains("[mul(x, 2) for x in [it for it in civi_range(4) if truthy(it)]]"), "\(main)")
        #expect(!main.contains("where(") && !main.contains("map_each("), "\(main)")
    }

    @Test func aListStageIsAnArrayMethodInJavaScript() throws {
        let source = "people = [{name: \"a\", n: 3}, {name: \"b\", n: 1}]\nprint(people | where .n > 2 | map .name)\n"
            + "g = people | group .n\nprint(g | map .count)\n"
        let main = try ListIdiomTests.export(source, to: .javascript)
        #expect(main.contains("civi_print(people.filter((it) => gt(field(it, \"n\"), 2n)).map((it) => field(it, \"name\")));"), "\(main)")
        #expect(main.contains("civi_print(g.map((it) => field(it, \"count\")));"), "\(main)")
    }

    /// A stream's stages are lazy (counted from `meta.total`, shown as a stream): a name that ever
    /// holds one, a name read where it may not be assigned yet (a top-level `fn` runs whenever it
    /// is called) and a parameter are not known to be lists.
    @Test(arguments: [ExportTarget.python, .javascript])
    func whatMayBeAStreamKeepsTheRuntimeStage(target: ExportTarget) throws {
        let programs = [
            "print(advocates() | where .email_opt_in | map .email)\n",
            "xs = [1]\nxs = advocates()\nprint(xs | where .email_opt_in)\n",
            "fn f() { ys | where it > 1 }\nys = [1, 2]\nprint(f())\n",
            "fn f(zs) { zs | map it + 1 }\nprint(f([1]))\n",
            "xs = [1]\nxs += [2]\nprint(xs | map it)\n",
        ]
        for source in programs {
            let main = try ListIdiomTests.export(source, to: target)
            #expect(main.contains("where(") || main.contains("map_each("), "\(source) → \(main)")
            #expect(!main.contains(".filter(") && !main.contains(".map(") && !main.contains(" for it in "), "\(source) → \(main)")
        }
    }

    /// A Python comprehension has one variable for all its elements: a lambda made per element
    /// would see the last one, so such a `map` keeps the helper and each lambda its own element.
    @Test func aLambdaMadePerElementKeepsItsOwnElementInPython() throws {
        let source = "adders = [1, 2, 3] | map (x => (y => x + y))\nprint(adders | map (f => f(10)))\n"
        let main = try ListIdiomTests.export(source, to: .python)
        #expect(main.contains("map_each([1, 2, 3], (lambda x: (lambda y: add(x, y))))"), "\(main)")
        let file = try CiviProcess.temporaryHome() + "/adders.py"
        try Exporter.export(source, name: "adders.civi", to: .python).write(toFile: file, atomically: true, encoding: .utf8)
        let run = try ExternalProgram.run("python3", [file], environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 0 && run.stdout == "[11, 12, 13]\n", "\(run.stdout) \(run.stderr)")
    }

    /// Array methods do not await: a JavaScript body that awaits (a call of a civi function) keeps the helper.
    @Test func aBodyThatAwaitsKeepsTheHelperInJavaScript() throws {
        let source = "fn big(x) { x > 1 }\nprint([1, 2, 3] | where big(it) | map it + 1)\n"
        let main = try ListIdiomTests.export(source, to: .javascript)
        #expect(main.contains("(await where([1n, 2n, 3n], (async (it) => (await big(it)))))"), "\(main)")
        let file = try CiviProcess.temporaryHome() + "/big.mjs"
        try Exporter.export(source, name: "big.civi", to: .javascript).write(toFile: file, atomically: true, encoding: .utf8)
        let run = try ExternalProgram.run("node", [file], environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 0 && run.stdout == "[3, 4]\n", "\(run.stdout) \(run.stderr)")
    }
}
