import CiviCore
import Testing
@testable import CiviLang

/// The errors people hit first say what they probably meant.
@Suite struct MistakeHintTests {
    @Test(arguments: [
        ("[1, 2] | groupby it", "unknown stage `groupby`", "did you mean `group`?"),
        ("[1, 2] | filter it > 1", "unknown stage `filter`", "did you mean `where`?"),
        ("[3, 1] | sortby it", "unknown stage `sortby`", "did you mean `sort`?"),
        ("[1] | tabel", "unknown name `tabel`", "did you mean `table`?"),
        ("x = [1] | filter", "unknown name `filter`", "did you mean `where`?"),
        ("first.name", "unknown name `first`", "`first` is a pipeline stage"),
    ])
    func stagesAndNames(source: String, message: String, hint: String) {
        let e = run(source).error
        #expect(e?.message == message, "\(source)")
        #expect(e?.hint?.contains(hint) == true, "\(source): \(e?.hint ?? "no hint")")
    }

    @Test func shortNamesGetNoFarFetchedGuess() {
        #expect(run("[1, 2] | f").error?.hint == nil)
    }

    @Test func streamsAndFunctionsUsedAsValues() {
        let host = FakeHost(advocates: 5)
        let call = run("campaigns | take 3", host: host).error
        #expect(call?.hint == "`campaigns` is a function: call it, `campaigns()`")
        for source in ["s = advocates(); s[0]", "s = advocates(); len(s)"] {
            let e = run(source, host: host).error
            #expect(e?.hint?.contains("collect it first") == true, "\(source): \(e?.hint ?? "no hint")")
        }
    }

    @Test func aStageErrorNamesTheRecord() {
        let host = FakeHost(advocates: 5)
        let e = run("advocates() | map lower(.first_name) | collect", host: host).error
        #expect(e?.message.hasPrefix("lower: expected a string, got null (advocate adv_") == true, "\(e?.message ?? "no error")")
        let plain = run("[{id: \"x1\", n: null}] | map lower(.n)").error
        #expect(plain?.message == "lower: expected a string, got null (record x1)")
        let scalar = run("[null] | map lower(it)").error
        #expect(scalar?.message == "lower: expected a string, got null")
    }

    @Test func filterTyposAreFoundBeforeRunning() {
        let e = Interpreter(host: nil, options: InterpreterOptions()).check(#"print(1); advocates(stat: "CA") | count"#, name: "t.civi")
        #expect(e.first?.message.hasPrefix("advocates() has no filter `stat` (did you mean `state`?)") == true)
        #expect(e.first?.column == 21)
    }
}
