#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// Folders civi creates for its own files (history, the sandbox database).
public enum Directories {
    /// The process's working directory, or nil when it cannot be read (removed, or too long).
    public static func working() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `path` names a folder (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates every missing folder on the way to `file` (not `file` itself) with `mode`; folders
    /// that exist are left as they are. Failures are not reported: opening the file says what went wrong.
    public static func makeParents(of file: String, mode: mode_t = 0o700) {
        var path = file.hasPrefix("/") ? "" : "."
        for part in file.split(separator: "/").dropLast() {
            path += "/" + part
            mkdir(path, mode)
        }
    }
}
