#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// Whole-file reads and writes with errors that name the function, the path and the reason.
enum FileIO {
    /// The bytes of the file at `path` (`shown` is the path as the user wrote it); anything but a
    /// regular file is refused unless `special`.
    static func readAll(_ path: String, shown: String, by function: String, special: Bool = false) throws(LibraryError) -> [UInt8] {
        do throws(WholeFile.Failure) { return try WholeFile.read(path: path, allowSpecial: special) } catch {
            throw failure(function, shown, error)
        }
    }

    /// The file at `path` as text (nil when it is not UTF-8), after the same checks as `readAll`.
    static func readText(_ path: String, shown: String, by function: String, special: Bool = false) throws(LibraryError) -> String? {
        do throws(WholeFile.Failure) { return try WholeFile.readText(path: path, allowSpecial: special) } catch {
            throw failure(function, shown, error)
        }
    }

    /// An open descriptor for `path`, after the same checks as `readAll`; the caller closes it.
    static func openForReading(_ path: String, shown: String, by function: String, special: Bool = false) throws(LibraryError) -> Int32 {
        do throws(WholeFile.Failure) { return try WholeFile.open(path, allowSpecial: special) } catch {
            throw failure(function, shown, error)
        }
    }

    /// The error for a failed read, naming the function and the path.
    static func failure(_ function: String, _ path: String, _ failure: WholeFile.Failure) -> LibraryError {
        switch failure {
        case .system(let code): return self.failure(function, "cannot read", path, code)
        case .notRegular:
            return LibraryError("\(function): cannot read \(ValueFormat.quote(path)): \(failure.reason)",
                                hint: "it may never end; to read it anyway pass {special: true}, e.g. \(function)(path, {special: true})")
        }
    }

    /// Replaces (or creates) the file at `path` with `bytes`.
    static func writeAll(_ bytes: [UInt8], to path: String, shown: String, by function: String) throws(LibraryError) {
        do throws(WholeFile.Failure) { try WholeFile.write(bytes, to: path) } catch {
            guard case .system(let code) = error else { throw LibraryError("\(function): cannot write \(ValueFormat.quote(shown)): \(error.reason)") }
            throw failure(function, "cannot write", shown, code)
        }
    }

    private static func failure(_ function: String, _ verb: String, _ path: String, _ code: Int32) -> LibraryError {
        let reason = SystemCall.reason(code)
        let hint: String? = switch code {
        case ENOENT: "check the path; relative paths start at the script's folder (or the working directory in the REPL)"
        case EACCES, EPERM: "check the file's permissions"
        case EISDIR: "give a file name, not a folder"
        default: nil
        }
        return LibraryError("\(function): \(verb) \(ValueFormat.quote(path)): \(reason)", hint: hint)
    }
}
