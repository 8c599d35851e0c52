#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// The built-ins that need the interpreter: print, assert, error, sleep, exit.
enum CoreBuiltins {
    static let names = ["print", "eprint", "assert", "error", "fail", "sleep", "exit", "args"]

    static func all(_ runtime: Runtime) -> [String: Value] {
        var out: [String: Value] = [:]
        func add(_ name: String, _ arity: ClosedRange<Int>, _ body: @escaping (Context, [Value]) throws -> Value) {
            out[name] = .function(NativeFunction(name, arity: arity) { ctx, args, _ in try body(ctx, args) })
        }
        add("print", 0...Int.max) { ctx, args in
            ctx.runtime.options.output(args.map { ValueFormat.str($0) }.joined(separator: " ") + "\n")
            return .null
        }
        add("eprint", 0...Int.max) { ctx, args in
            ctx.runtime.options.errorOutput(args.map { ValueFormat.str($0) }.joined(separator: " ") + "\n")
            return .null
        }
        add("fail", 1...1) { _, args in throw Fault.exit(1, message: ValueFormat.str(args[0])) }
        add("assert", 1...2) { _, args in
            if args[0].isTruthy { return .null }
            var message = "assertion failed"
            if args.count > 1 { message += ": " + ValueFormat.str(args[1]) }
            throw Fault(message)
        }
        add("error", 1...1) { _, args in
            if case .record(let r) = args[0] {
                let status: Int? = if case .int(let s)? = r["status"] { s } else { nil }
                let code: String? = if case .string(let c)? = r["code"] { c } else { nil }
                let message = r["message"].map { ValueFormat.str($0) } ?? "error"
                throw Fault(message, report: ErrorReport(message: message, status: status, code: code))
            }
            throw Fault(ValueFormat.str(args[0]))
        }
        add("sleep", 1...1) { ctx, args in
            guard let seconds = args[0].doubleValue, seconds >= 0, seconds.isFinite else {
                throw Fault("sleep() expects a non-negative number of seconds, got \(ValueFormat.repr(args[0]))")
            }
            var left = seconds
            // Sleep in short slices so Ctrl-C stops it at once.
            while left > 0 {
                try ctx.tick()
                let slice = min(left, 0.05)
                usleep(UInt32(slice * 1_000_000))
                left -= slice
            }
            try ctx.tick()
            return .null
        }
        add("exit", 0...2) { _, args in
            var code: Int32 = 0
            if let a = args.first {
                guard case .int(let c) = a, let c32 = Int32(exactly: c) else {
                    throw Fault("exit() expects an int status code, got \(a.typeName)")
                }
                code = c32
            }
            throw Fault.exit(code, message: args.count > 1 ? ValueFormat.str(args[1]) : nil)
        }
        out["args"] = .list(runtime.options.arguments.map { .string($0) })
        return out
    }
}
