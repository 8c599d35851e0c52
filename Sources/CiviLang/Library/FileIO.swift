#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with errors that name the function, the path and the reason.
enum FileIO {
    /// The bytes of the file at `path` (`shown` is the path as the user wrote it); anything but a
    /// regular file is refused unless `special`.
    static func readAll(_ path: String, shown: String, by function: String, special: Bool = false) throws(LibraryError) -> [UInt8] {
        do throws(WholeFile.Failure) { return try WholeFile.read(path: path, allowSpecial: special) } catch {
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
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(function, "cannot write", shown, errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(fd, $0 + written, buffer.count - written) } ?? 0
            }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw failure(function, "cannot write", shown, code)
            }
            written += n
        }
        guard close(fd) == 0 else { throw failure(function, "cannot write", shown, errno) }
    }

    private static func failure(_ function: String, _ verb: String, _ path: String, _ code: Int32) -> LibraryError {
        var reason = String(cString: strerror(code))
        if let first = reason.first { reason = first.lowercased() + reason.dropFirst() }
        let hint: String? = switch code {
        case ENOENT: "check the path; relative paths start at the script's folder (or the working directory in the REPL)"
        case EACCES, EPERM: "check the file's permissions"
        case EISDIR: "give a file name, not a folder"
        default: nil
        }
        return LibraryError("\(function): \(verb) \(ValueFormat.quote(path)): \(reason)", hint: hint)
    }
}
