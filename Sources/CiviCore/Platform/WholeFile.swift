#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// The one way civi reads and writes whole files. Reading: opened with a check of what they are, and read whole in one
/// buffer of the size `fstat` reports (no growing a buffer chunk by chunk). Anything that is not
/// a regular file (a device such as /dev/zero, a FIFO, a socket) is refused unless the caller
/// allows it, because it may never end. Used by the language's file built-ins, by the shell for
/// scripts and saved sessions, and by the client for its config file.
public enum WholeFile {
    /// Why a file could not be opened or read.
    public enum Failure: Error, Sendable, Equatable {
        /// A system call failed with this `errno` (EISDIR for a directory).
        case system(Int32)
        /// Not a regular file; `kind` says what it is (e.g. "a character device").
        case notRegular(kind: String)

        /// A lower-case reason, e.g. `no such file or directory`.
        public var reason: String {
            switch self {
            case .system(let code): return SystemCall.reason(code)
            case .notRegular(let kind): return "it is \(kind), not a regular file"
            }
        }
    }

    /// The bytes of the file at `path`.
    public static func read(path: String, allowSpecial: Bool) throws(Failure) -> [UInt8] {
        let fd = try open(path, allowSpecial: allowSpecial)
        defer { close(fd) }
        return try read(descriptor: fd)
    }

    /// Opens `path` for reading after checking what it is; the caller closes the descriptor.
    public static func open(_ path: String, allowSpecial: Bool) throws(Failure) -> Int32 {
        let fd = SystemCall.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .system(code)
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR {
            close(fd)
            throw .system(EISDIR)
        }
        if type != S_IFREG, !allowSpecial {
            close(fd)
            throw .notRegular(kind: describe(type))
        }
        return fd
    }

    /// Everything left to read from `fd`: one read into a buffer of the file's size, then (for
    /// files that grew, report no size, or are not regular) chunks until the end.
    public static func read(descriptor fd: Int32) throws(Failure) -> [UInt8] {
        var info = stat()
        let size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: max(size, 0)) { buffer, count in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            count = 0
            while count < buffer.count {
                let n = SystemCall.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n > 0 { count += n; continue }
                if n < 0, errno == EINTR { continue }
                if n < 0 { failure = errno }
                return
            }
        }
        if failure != 0 { throw .system(failure) }
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { (chunk) throws(Failure) in
            while true {
                let n = SystemCall.read(fd, chunk.baseAddress!, chunk.count)
                if n == 0 { return }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .system(errno)
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
            }
        }
        return bytes
    }

    /// Replaces (or creates, with `mode`) the file at `path` with `bytes`; a failed `close` is a
    /// failure too, because that is where some file systems report a full disk.
    public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o644) throws(Failure) {
        let fd = SystemCall.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .system(errno) }
        let failure = SystemCall.writeAll(fd, bytes)
        if failure != 0 {
            close(fd)
            throw .system(failure)
        }
        guard close(fd) == 0 else { throw .system(errno) }
    }

    private static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a pipe (FIFO)"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}
