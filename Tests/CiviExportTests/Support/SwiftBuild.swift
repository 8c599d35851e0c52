import CiviTestSupport
import Foundation

/// Exported Swift programs are compiled before they run: `swiftc -Onone` on exactly the
/// exported file, two compilations at a time (the machine has two cores), each binary beside
/// its source.
enum SwiftBuild {
    /// A compiled program, or why it did not compile.
    struct Built {
        var binary: String?
        var diagnostics: String
    }

    /// Compiles every file in `files`; the result for each file, in the same order.
    static func compile(_ files: [String], concurrently width: Int = 2) -> [Built] {
        nonisolated(unsafe) var results = [Built](repeating: Built(binary: nil, diagnostics: "not compiled"), count: files.count)
        let lock = NSLock()
        nonisolated(unsafe) var next = 0
        DispatchQueue.concurrentPerform(iterations: min(width, max(files.count, 1))) { _ in
            while true {
                let n: Int = lock.withLock { defer { next += 1 }; return next }
                guard n < files.count else { return }
                let built = compile(files[n])
                lock.withLock { results[n] = built }
            }
        }
        return results
    }

    static func compile(_ file: String) -> Built {
        let binary = String(file.dropLast(".swift".count))
        do {
            let out = try ExternalProgram.run("swiftc", ["-Onone", file, "-o", binary],
                                              environment: ProcessInfo.processInfo.environment, timeout: 300)
            return Built(binary: out.status == 0 ? binary : nil, diagnostics: out.stderr)
        } catch {
            return Built(binary: nil, diagnostics: "\(error)")
        }
    }
}
