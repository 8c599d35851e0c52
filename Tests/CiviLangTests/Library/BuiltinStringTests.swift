import CiviCore
import Testing
@testable import CiviLang

@Suite("Built-ins on strings")
struct LibraryBuiltinStringTests {
    @Test func caseAndTrim() throws {
        #expect(try call("lower", "ÀB") == "àb")
        #expect(try call("upper", "straße") == "STRASSE")
        #expect(try call("trim", "  x y \n\t") == "x y")
        #expect(try call("trim", "   ") == "")
        #expect(failure("lower", 1)?.message == "lower: expected a string, got int")
        #expect(failure("trim", nil)?.message == "trim: expected a string, got null")
    }

    @Test func splitKeepsEmptyPiecesAndSplitsCharactersOnEmptySeparator() throws {
        #expect(try call("split", "a,b,c", ",") == ["a", "b", "c"])
        #expect(try call("split", "a,,b,", ",") == ["a", "", "b", ""])
        #expect(try call("split", "", ",") == [""])
        #expect(try call("split", "héllo", "") == ["h", "é", "l", "l", "o"])
        #expect(try call("split", "a::b", "::") == ["a", "b"])
        #expect(failure("split", "a", 1)?.message == "split: expected a string separator, got int")
        #expect(failure("split", 1, ",")?.message == "split: expected a string to split, got int")
    }

    @Test func joinUsesStrForElements() throws {
        #expect(try call("join", ["a", "b"], "-") == "a-b")
        #expect(try call("join", ["a", 1, nil, 2.5], ", ") == "a, 1, null, 2.5")
        #expect(try call("join", [], ",") == "")
        #expect(failure("join", "ab", ",")?.message == "join: expected a list to join, got string")
        #expect(failure("join", ["a"], nil)?.message == "join: expected a string separator, got null")
    }

    @Test func replaceAll() throws {
        #expect(try call("replace", "a-b-c", "-", "+") == "a+b+c")
        #expect(try call("replace", "aaa", "aa", "b") == "ba")
        #expect(try call("replace", "abc", "x", "y") == "abc")
        #expect(failure("replace", "abc", "", "y")?.message == "replace: the text to replace is empty")
        #expect(failure("replace", "abc", "a", 1)?.message == "replace: expected a string replacement, got int")
    }

    @Test func prefixesAndSuffixes() throws {
        #expect(try call("starts_with", "adv_12", "adv_") == true)
        #expect(try call("starts_with", "adv_12", "") == true)
        #expect(try call("ends_with", "data.csv", ".json") == false)
        #expect(failure("starts_with", "x", nil)?.message == "starts_with: expected a string prefix, got null")
        #expect(failure("ends_with", 3, "x")?.message == "ends_with: expected a string, got int")
    }

    @Test func containsLooksInStringsListsAndRecords() throws {
        #expect(try call("contains", "hello", "ell") == true)
        #expect(try call("contains", "hello", "") == true)
        #expect(try call("contains", "hello", "xyz") == false)
        #expect(try call("contains", [1, "a"], 1.0) == true)
        #expect(try call("contains", [[1]], [1]) == true)
        #expect(try call("contains", [1], "1") == false)
        #expect(try call("contains", rec(["id": 1]), "id") == true)
        #expect(failure("contains", "abc", 1)?.message == "contains: expected a string to look for in a string, got int")
        #expect(failure("contains", 12, 1)?.message == "contains: expected a string, list or record, got int")
    }
}
