import CiviCore
@testable import CiviLang
#if canImport(Glibc)
import Glibc
#endif

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral s: String) { self = .string(s) }
    public init(integerLiteral i: Int) { self = .int(i) }
    public init(floatLiteral d: Double) { self = .float(d) }
    public init(booleanLiteral b: Bool) { self = .bool(b) }
    public init(arrayLiteral items: Value...) { self = .list(items) }
    public init(nilLiteral: ()) { self = .null }
}

/// A record literal for tests, keys in the order given.
func rec(_ pairs: KeyValuePairs<String, Value>) -> Value {
    .record(Record(pairs.map { ($0.key, $0.value) }))
}

/// A scratch directory, removed with its files when the test ends.
final class ScratchDirectory {
    let path: String
    init() {
        var template = Array("/tmp/civi-lib-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? "/tmp"
    }
    deinit {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(path)
    }

    var context: LibraryContext { LibraryContext(baseDirectory: path, environment: ["HOME": path, "CIVI_TEST": "yes"]) }

    func write(_ name: String, _ text: String) {
        try? WholeFile.write(text.utf8, to: path + "/" + name)
    }

    func read(_ name: String) -> String? {
        guard let f = fopen(path + "/" + name, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n == 0 { break }
            bytes += buf[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

let plainContext = LibraryContext(baseDirectory: "/nonexistent-base", environment: ["CIVI_TEST": "yes"])

/// Calls the library built-in `name`.
func call(_ name: String, _ args: Value..., context: LibraryContext = plainContext) throws(LibraryError) -> Value {
    guard let builtin = Builtins.all[name] else { throw LibraryError("no built-in named \(name)") }
    return try builtin.call(args, context)
}

/// The error message of calling `name`, or nil if it succeeded.
func failure(_ name: String, _ args: Value..., context: LibraryContext = plainContext) -> LibraryError? {
    guard let builtin = Builtins.all[name] else { return LibraryError("no built-in named \(name)") }
    do {
        _ = try builtin.call(args, context)
        return nil
    } catch {
        return error
    }
}
