#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// The process environment as a dictionary.
enum ProcessEnvironment {
    /// Reads `environ`.
    static func current() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") {
                out[String(s[..<eq])] = String(s[s.index(after: eq)...])
            }
            p += 1
        }
        return out
    }

    /// The current working directory.
    static func workingDirectory() -> String {
        Directories.working() ?? "."
    }
}
