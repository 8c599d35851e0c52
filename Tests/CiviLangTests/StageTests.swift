import CiviCore
import Testing
@testable import CiviLang

/// Every pipeline stage on lists, and the pipeline syntax rules.
@Suite struct StageTests {
    let people = """
    people = [
      {name: "a", state: "CA", n: 3},
      {name: "b", state: "NY", n: 5},
      {name: "c", state: "CA", n: 1},
    ]

    """

    func eval(_ pipeline: String) -> Value? { value(people + pipeline) }
    func ints(_ xs: [Int]) -> Value { .list(xs.map { .int($0) }) }
    func strs(_ xs: [String]) -> Value { .list(xs.map { .string($0) }) }

    @Test func whereAndMap() {
        #expect(eval("people | where .state == \"CA\" | map .name") == strs(["a", "c"]))
        #expect(eval("people | where (p => p.n > 2) | map (p => p.name)") == strs(["a", "b"]))
        #expect(eval("fn big(p) { p.n > 4 }\npeople | where big | map .name") == strs(["b"]))
        #expect(eval("[1, 2, 3] | map it * 10") == ints([10, 20, 30]))
        #expect(eval("people | map {who: .name, twice: .n * 2} | first") ==
                .record(Record([("who", .string("a")), ("twice", .int(6))])))
        #expect(eval("[[1, 2], [3]] | map (it | map it + 1)") == .list([ints([2, 3]), ints([4])]), "nested stages have their own it")
    }

    @Test func selectKeepsOrder() {
        #expect(eval("people | select n, name | first") == .record(Record([("n", .int(3)), ("name", .string("a"))])))
        #expect(eval("people | select name, missing | first") == .record(Record([("name", .string("a")), ("missing", .null)])))
        #expect(errorMessage("[1] | select a") == "`select` needs records, got int")
    }

    @Test func sortIsStableBothWays() {
        #expect(eval("people | sort .n | map .name") == strs(["c", "a", "b"]))
        #expect(eval("people | sort .n desc | map .name") == strs(["b", "a", "c"]))
        #expect(eval("people | sort -.n | map .name") == strs(["b", "a", "c"]))
        #expect(eval("people | sort .state | map .name") == strs(["a", "c", "b"]))
        #expect(eval("people | sort .state desc | map .name") == strs(["b", "a", "c"]), "ties keep input order")
        #expect(eval("[3, null, \"a\", 1.5, true] | sort it") == .list([.null, .bool(true), .float(1.5), .int(3), .string("a")]))
        #expect(eval("[2, 1] | sort") == ints([1, 2]))
    }

    @Test func takeSkipFirstLastCount() {
        #expect(eval("people | take 2 | count") == .int(2))
        #expect(eval("people | skip 2 | first") == .record(Record([("name", .string("c")), ("state", .string("CA")), ("n", .int(1))])))
        #expect(eval("(people | last).name") == .string("c"))
        #expect(eval("([] | first) == null and ([] | last) == null") == .bool(true))
        #expect(errorMessage("[1] | take -1") == "`take` needs a non-negative int, got -1")
    }

    @Test func aggregates() {
        #expect(eval("people | sum .n") == .int(9))
        #expect(eval("people | map .n | sum") == .int(9))
        #expect(eval("[] | sum") == .int(0))
        #expect(eval("people | avg .n") == .float(3))
        #expect(eval("[] | avg") == .null)
        #expect(eval("people | min .n") == .int(1))
        #expect(eval("people | max .name") == .string("c"))
        #expect(eval("[1.5, 2] | sum") == .float(3.5))
        #expect(errorMessage("[\"a\"] | sum") == "`sum` needs numbers, got string")
    }

    @Test func groupUniqueFlatten() {
        #expect(eval("people | group .state | map {state: .key, n: .count}") ==
                .list([.record(Record([("state", .string("CA")), ("n", .int(2))])),
                       .record(Record([("state", .string("NY")), ("n", .int(1))]))]))
        #expect(eval("(people | group .state | first).items | map .name") == strs(["a", "c"]))
        #expect(eval("[3, 1, 3, 2] | unique") == ints([3, 1, 2]))
        #expect(eval("people | unique .state | map .name") == strs(["a", "b"]))
        #expect(eval("[[1, 2], [3], 4] | flatten") == ints([1, 2, 3, 4]))
        #expect(eval("[1, 2] | collect") == ints([1, 2]))
    }

    @Test func eachCountsAndRunsForEffect() {
        let o = run(people + "n = people | each print(.name)\nn")
        #expect(o.printed == ["a", "b", "c"])
        #expect(o.value == .int(3))
    }

    @Test func functionsAsStages() {
        #expect(eval("fn total(xs, k) { (xs | sum .n) * k }\npeople | total(2)") == .int(18))
        #expect(eval("fn size(xs) { len(xs) }\npeople | size") == .int(3))
        #expect(eval("people | len") == .int(3))
        #expect(eval("assert(people | size_ok, \"m\")\nfn size_ok(xs) { len(xs) == 3 }\n1") == .int(1))
        #expect(errorMessage("[1] | 5") == "a stage must be a stage name or a function, got int")
    }

    @Test func renderingStages() {
        #expect(eval("[{a: 1}] | json") == .string("[\n  {\n    \"a\": 1\n  }\n]"))
        #expect(eval("[{a: 1, b: \"x,y\"}] | csv") == .string("a,b\n1,\"x,y\""))
        if case .string(let t)? = eval("people | table") { #expect(t.contains("name")) } else { Issue.record("table gives a string") }
    }

    @Test func saveWritesByExtension() throws {
        let path = "/tmp/civi-stage-test-\(getpid()).ndjson"
        #expect(eval("people | save \"\(path)\"") == .int(3))
        #expect(try readText(path).split(separator: "\n").count == 3)
        #expect(errorMessage("[1] | save \"/tmp/x.txt\"")?.contains("cannot tell the format") == true)
    }

    @Test func pipelineSyntax() {
        #expect(eval("(people | count) == 3") == .bool(true))
        #expect(eval("people\n  | where .n > 1\n  | count") == .int(2), "a line may start with |")
        #expect(eval("people |\n  count") == .int(2 + 1))
        #expect(run("people | count == 3").error?.kind == .syntax)
        #expect(run("[1] | where").error?.isIncomplete == true)
        #expect(errorMessage("5 | map it")?.hasPrefix("`map` needs a list or a stream, got int") == true)
    }
}

#if canImport(Glibc)
import Glibc
#endif
