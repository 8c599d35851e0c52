import CiviCore
import CiviLang

/// libFuzzer's entry point: the input is a civi script. It is lexed, parsed and, when it parses,
/// evaluated with no API host and a step budget, on a large-stack thread as the shell runs it.
/// The same bytes also go through the library's CSV and JSON readers and renderers.
@_cdecl("LLVMFuzzerTestOneInput")
public func civiFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    LibraryFuzz.run(bytes)
    let source = String(decoding: bytes, as: UTF8.self)
    Workers.runOnLargeStack { ScriptFuzz.run(source) }
    return 0
}

/// Runs one fuzz script and exercises the display of what it produces.
enum ScriptFuzz {
    /// Names whose effects reach outside the process or block it: scripts naming them are parsed
    /// (checked) but not run. The language has no dynamic lookup, so a script can only call a
    /// function whose name appears in its text.
    static let unsafeNames = ["write_text", "write_json", "write_csv", "save", "read_text", "read_json", "read_csv", "sleep"]

    static let options = InterpreterOptions(
        scriptPath: "fuzz.civi", baseDirectory: "/nonexistent-civi-fuzz", arguments: ["a", "b"],
        environment: ["HOME": "/nonexistent-civi-fuzz"], output: { _ in }, stepLimit: 20_000)

    static func run(_ source: String) {
        let interpreter = Interpreter(host: nil, options: options)
        if unsafeNames.contains(where: { source.contains($0) }) {
            for d in interpreter.check(source, name: "fuzz.civi") { _ = d.render(color: true) }
            return
        }
        do {
            try interpreter.run(source, name: "fuzz.civi") { value in show(value) }
        } catch {
            _ = error.render(color: true)
        }
        for (_, value) in interpreter.variables.prefix(4) { show(value) }
    }

    /// What the REPL would do with a value: a table for a list, fields for a record, text otherwise.
    private static func show(_ value: Value) {
        switch value {
        case .list(let rows):
            _ = TableRenderer(maxWidth: 60, color: true).render(Array(rows.prefix(200)), footer: Renderers.rowCount(rows.count))
        case .record(let r):
            _ = RecordRenderer(maxWidth: 60, color: true).render(r)
        default:
            _ = ValueFormat.repr(value)
        }
    }
}
