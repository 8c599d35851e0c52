#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way civi reads files: opened with a check of what they are, and read whole in one
/// buffer of the size `fstat` reports (no growing a buffer chunk by chunk). Anything that is not
/// a regular file (a device such as /dev/zero, a FIFO, a socket) is refused unless the caller
/// allows it, because it may never end. Used by the language's file built-ins and by the shell
/// for scripts.
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
            case .system(let code):
                var text = String(cString: strerror(code))
                if let first = text.first { text = first.lowercased() + text.dropFirst() }
                return text
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
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        #else
        let fd = Darwin.open(path, O_RDONLY | O_CLOEXEC)
        #endif
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
            count = 0
            while count < buffer.count {
                let n = systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
                if n > 0 { count += n; continue }
                if n < 0, errno == EINTR { continue }
                if n < 0 { failure = errno }
                return
            }
        }
        if failure != 0 { throw .system(failure) }
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { (chunk) throws(Failure) in
            while true {
                let n = systemRead(fd, chunk.baseAddress!, chunk.count)
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

    /// One `read(2)`, whichever C library provides it.
    @inline(__always)
    public static func systemRead(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, into, count)
        #else
        Darwin.read(fd, into, count)
        #endif
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
