#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with errors that name the function, the path and the reason.
enum FileIO {
    /// The bytes of the file at `path` (`shown` is the path as the user wrote it).
    static func readAll(_ path: String, shown: String, by function: String) throws(LibraryError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(function, "cannot read", shown, errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw failure(function, "cannot read", shown, EISDIR)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(function, "cannot read", shown, errno)
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
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
