import CiviCore
import Testing
@testable import CiviLang

@Suite("Built-ins on values")
struct LibraryBuiltinValueTests {
    @Test func lenCountsCharactersElementsAndFields() throws {
        #expect(try call("len", "café") == 4)
        #expect(try call("len", "👩‍👩‍👧") == 1)
        #expect(try call("len", [1, 2, 3]) == 3)
        #expect(try call("len", rec(["a": 1, "b": 2])) == 2)
        #expect(failure("len", 5)?.message == "len: expected a string, list or record, got int")
    }

    @Test func wrongArgumentCountIsAnErrorNotACrash() {
        #expect(failure("len")?.message == "len: expected 1 argument, got 0")
        #expect(failure("split", "a")?.message == "split: expected 2 arguments, got 1")
        #expect(failure("range")?.message == "range: expected 1 or 2 arguments, got 0")
    }

    @Test func rawBuiltinsStillHaveTheirArgumentCountChecked() throws {
        let twice = Builtin(name: "twice", arity: 1...1) { args, _ in .list(args + args) }
        #expect(try twice.call([1], plainContext) == [1, 1])
        #expect(throws: LibraryError("twice: expected 1 argument, got 3")) { try twice.call([1, 2, 3], plainContext) }
    }

    @Test func keysValuesAndHas() throws {
        let r = rec(["b": 1, "a": nil])
        #expect(try call("keys", r) == ["b", "a"])
        #expect(try call("values", r) == [1, nil])
        #expect(try call("has", r, "a") == true)
        #expect(try call("has", r, "zz") == false)
        #expect(try call("has", [1, 2], -2) == true)
        #expect(try call("has", [1, 2], 2) == false)
        #expect(failure("keys", [1])?.message == "keys: expected a record, got list")
        #expect(failure("has", r, 1)?.message == "has: expected a string key, got int")
    }

    @Test func strAndType() throws {
        #expect(try call("str", "Ada") == "Ada")
        #expect(try call("str", 42) == "42")
        #expect(try call("str", 2.0) == "2.0")
        #expect(try call("str", rec(["a": "x"])) == "{a: \"x\"}")
        #expect(try call("type", 1.5) == "float")
        #expect(try call("type", nil) == "null")
        #expect(try call("type", .date(Instant(seconds: 0))) == "date")
    }

    @Test func intConversions() throws {
        #expect(try call("int", 3.9) == 3)
        #expect(try call("int", -3.9) == -3)
        #expect(try call("int", " 42 ") == 42)
        #expect(try call("int", "-1_000") == -1000)
        #expect(try call("int", true) == 1)
        #expect(try call("int", false) == 0)
        #expect(try call("int", .date(Instant(seconds: 86_400.5))) == 86_400)
        #expect(failure("int", 1e19)?.message == "int: 1e+19 is out of the 64-bit integer range")
        #expect(failure("int", .float(.nan))?.message == "int: nan has no integer value")
        #expect(failure("int", "3.7")?.message == "int: \"3.7\" is not a whole number")
        #expect(failure("int", "3.7")?.hint == "use int(float(s)) to truncate it")
        #expect(failure("int", "abc")?.message == "int: \"abc\" is not a number")
        #expect(failure("int", nil)?.message == "int: expected a number, numeric string, bool or date, got null")
    }

    @Test func floatConversions() throws {
        #expect(try call("float", 2) == .float(2))
        #expect(try call("float", "2.5e3") == 2500.0)
        #expect(try call("float", "-.5") == -0.5)
        #expect(try call("float", false) == 0.0)
        #expect(failure("float", "nan")?.message == "float: \"nan\" is not a number")
        #expect(failure("float", "0x10")?.message == "float: \"0x10\" is not a number")
        #expect(failure("float", "1e")?.message == "float: \"1e\" is not a number")
        #expect(failure("float", [1])?.message == "float: expected a number, numeric string, bool or date, got list")
    }

    @Test func rangeBuildsListsWithinTheLimit() throws {
        #expect(try call("range", 3) == [0, 1, 2])
        #expect(try call("range", 2, 5) == [2, 3, 4])
        #expect(try call("range", 5, 2) == [])
        #expect(try call("range", -1) == [])
        #expect(failure("range", 10_000_001)?.message == "range: 0..<10000001 has more than 10,000,000 elements")
        #expect(failure("range", .int(Int.min), .int(Int.max))?.message == "range: \(Int.min)..<\(Int.max) has more than 10,000,000 elements")
        #expect(failure("range", "3")?.message == "range: expected an int count, got string")
        #expect(failure("range", 1, 2.5)?.message == "range: expected an int end, got float")
    }

    @Test func everyBuiltinRejectsBadArgumentsWithoutCrashing() {
        let odd: [Value] = [nil, true, -1, 2.5, "", [], rec([:]), .date(Instant(seconds: 0)), .float(.infinity)]
        for (name, builtin) in Builtins.all where !name.hasPrefix("write_") {
            for n in builtin.arity {
                for v in odd {
                    let args = [Value](repeating: v, count: n)
                    do { _ = try builtin.call(args, plainContext) } catch {
                        #expect(error.message.hasPrefix("\(name): "), "error of \(name) names it: \(error.message)")
                    }
                }
            }
        }
    }
}
