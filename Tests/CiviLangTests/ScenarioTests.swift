import CiviTestSupport
import Glibc
import Testing
@testable import CiviLang

/// The shared acceptance scripts that need no API.
@Suite struct ScenarioTests {
    static let scenarios = Repository.scenarios

    @Test func basicsScenarioPasses() throws {
        let path = "\(Self.scenarios)/01_basics.civi"
        let source = try readText(path)
        let outcome = run(source, name: path)
        #expect(outcome.error == nil, "\(outcome.error?.render(color: false) ?? "")")
        #expect(outcome.printed == ["basics ok"])
    }

    @Test(arguments: ["01_basics", "02_explore", "03_advocate_lifecycle", "04_chain", "05_bulk", "06_files", "07_raw"])
    func scenarioChecksClean(_ name: String) throws {
        let path = "\(Self.scenarios)/\(name).civi"
        let problems = Interpreter(host: nil, options: InterpreterOptions()).check(try readText(path), name: path)
        #expect(problems.isEmpty, "\(problems.map { $0.render(color: false) })")
    }
}

/// Reads a text file (tests only).
func readText(_ path: String) throws -> String {
    guard let f = fopen(path, "rb") else { throw TestFileError(path: path) }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n <= 0 { break }
        bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

struct TestFileError: Error { let path: String }

#if canImport(Glibc)
#endif
