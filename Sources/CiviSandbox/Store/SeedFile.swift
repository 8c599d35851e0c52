import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a newly seeded database file in place all at once: it is written under a temporary name
/// in the same directory, flushed to disk, then linked to its real name, so an interrupted seed
/// (Ctrl-C, a kill, a crash) never leaves a half-written database where the sandbox looks.
enum SeedFile {
    /// Runs `write` on a temporary path beside `path`, then moves the finished file to `path`.
    /// If another process put a file there first, that one is kept.
    static func create(at path: String, write: (String) throws -> Void) throws {
        removeAbandoned(besides: path)
        let temporary = "\(path)\(marker)\(getpid())"
        try SandboxDatabase.removeFiles(at: temporary)
        do {
            try write(temporary)
            try sync(temporary, what: "the seeded sandbox")
            // link(2) never replaces: a sandbox another civi finished meanwhile (and may be serving) stays.
            if link(temporary, path) != 0, errno != EEXIST {
                guard rename(temporary, path) == 0 else {
                    throw SandboxError("cannot move the seeded sandbox into place at '\(path)': \(String(cString: strerror(errno)))")
                }
            }
            try SandboxDatabase.removeFiles(at: temporary)
            try sync(directory(of: path), what: "the sandbox's folder")
        } catch {
            try? SandboxDatabase.removeFiles(at: temporary)
            throw error
        }
    }

    private static let marker = ".seeding-"

    /// Deletes temporary files of seeds whose process is gone (killed mid-seed).
    private static func removeAbandoned(besides path: String) {
        let folder = directory(of: path)
        let prefix = String(path.split(separator: "/").last ?? "") + marker
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0.isNumber }), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func sync(_ path: String, what: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SandboxError("cannot open \(what) '\(path)' to flush it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // A directory that cannot be flushed (some file systems) still has the file in it.
        if fsync(fd) != 0, errno != EINVAL, errno != EBADF {
            throw SandboxError("cannot flush \(what) '\(path)' to disk: \(String(cString: strerror(errno)))")
        }
    }
}
