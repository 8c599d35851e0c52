import CiviCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Builtins {
    /// The environment and files. Relative paths resolve against the context's base directory;
    /// every error names the path and the reason.
    static let fileBuiltins: [Builtin] = [
        Builtin("env", arity: 1) { a, context throws(LibraryError) in
            context.environment[try a.string(0, "a string variable name")].map(Value.string) ?? .null
        },
        Builtin("read_text", arity: 1...2) { a, context throws(LibraryError) in
            let path = try a.string(0, "a string path")
            let options = try ReadOptions(a, allowed: ["special"])
            guard let text = try FileIO.readText(context.resolve(path), shown: path, by: a.function, special: options.special) else {
                throw a.error("\(ValueFormat.quote(path)) is not UTF-8 text")
            }
            return .string(text)
        },
        Builtin("read_json", arity: 1...2) { a, context throws(LibraryError) in
            let (path, bytes) = try readFile(a, context)
            do throws(JSONError) {
                if OutputFormat(fileExtensionOf: path) == .ndjson { return .list(try JSONReader.readLines(bytes)) }
                return try JSONReader.read(bytes)
            } catch {
                throw a.error("\(ValueFormat.quote(path)): \(error.description)")
            }
        },
        Builtin("read_csv", arity: 1...2) { a, context throws(LibraryError) in
            let path = try a.string(0, "a string path")
            let options = try ReadOptions(a, allowed: ["special", "stream"])
            let file = CSVFile(path: context.resolve(path), shown: path, special: options.special)
            if options.stream {
                guard let makeStream = context.csvStream else { throw a.error("a CSV stream needs the interpreter") }
                // Fail here, at the call, for a missing or unreadable file (a pipe is left unopened: opening consumes it).
                if !options.special { close(try FileIO.openForReading(file.path, shown: path, by: a.function)) }
                return makeStream(file)
            }
            let fd = try FileIO.openForReading(file.path, shown: path, by: a.function, special: options.special)
            defer { close(fd) }
            do throws(LibraryError) { return .list(try CSVFile.records(from: fd)) } catch {
                throw a.error("\(ValueFormat.quote(path)): \(error.message)", hint: error.hint)
            }
        },
        Builtin("write_text", arity: 2) { a, context throws(LibraryError) in
            let text = try a.string(1, "a string to write", hint: "use str(x) or json to turn a value into text")
            try writeFile(a, context, Array(text.utf8))
            return .null
        },
        Builtin("write_json", arity: 2) { a, context throws(LibraryError) in
            var bytes: [UInt8]
            do throws(JSONWriter.Unrepresentable) { bytes = try JSONWriter.encode(a[1], options: .init(pretty: true)) } catch {
                throw a.error(error.description)
            }
            bytes.append(10)
            try writeFile(a, context, bytes)
            return .null
        },
        Builtin("write_csv", arity: 2) { a, context throws(LibraryError) in
            let rows = try a.list(1, "a list of records")
            let text = try CSVWriter.write(rows, function: a.function)
            try writeFile(a, context, Array((text.isEmpty ? "" : text + "\n").utf8))
            return .null
        },
    ]

    private static func readFile(_ a: Arguments, _ context: LibraryContext) throws(LibraryError) -> (String, [UInt8]) {
        let path = try a.string(0, "a string path")
        let options = try ReadOptions(a, allowed: ["special"])
        return (path, try FileIO.readAll(context.resolve(path), shown: path, by: a.function, special: options.special))
    }

    private static func writeFile(_ a: Arguments, _ context: LibraryContext, _ bytes: [UInt8]) throws(LibraryError) {
        let path = try a.string(0, "a string path")
        try FileIO.writeAll(bytes, to: context.resolve(path), shown: path, by: a.function)
    }
}

extension Arguments {
    /// The string argument at `index`, with a hint when it is something else.
    func string(_ index: Int, _ what: String, hint: String) throws(LibraryError) -> String {
        guard case .string(let s) = self[index] else {
            throw error("expected \(what), got \(self[index].typeName)", hint: hint)
        }
        return s
    }
}
