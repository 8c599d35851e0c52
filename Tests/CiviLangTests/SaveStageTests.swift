import CiviCore
import Testing
@testable import CiviLang

/// `save` writes a file (the other stages are tested by Tests/Language/stages/*.civi).
@Suite struct SaveStageTests {
    let people = """
    people = [
      {name: "a", state: "CA", n: 3},
      {name: "b", state: "NY", n: 5},
      {name: "c", state: "CA", n: 1},
    ]

    """

    func eval(_ pipeline: String) -> Value? { value(people + pipeline) }

    @Test func saveWritesByExtension() throws {
        let path = "/tmp/civi-stage-test-\(getpid()).ndjson"
        #expect(eval("people | save \"\(path)\"") == .int(3))
        #expect(try readText(path).split(separator: "\n").count == 3)
        #expect(errorMessage("[1] | save \"/tmp/x.txt\"")?.contains("cannot tell the format") == true)
    }
}

#if canImport(Glibc)
import Glibc
#endif
