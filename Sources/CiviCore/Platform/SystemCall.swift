#if canImport(Glibc)
public import Glibc
#elseif canImport(Darwin)
public import Darwin
#endif

/// The few system calls whose Swift names clash with civi's own (`read`, `write`, `open`), spelled
/// once with the C library each platform has, so no other file names `Glibc` or `Darwin` to call them.
public enum SystemCall {
    /// `open(2)`; -1 and `errno` on failure.
    @inline(__always)
    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags, mode)
        #else
        Darwin.open(path, flags, mode)
        #endif
    }

    /// One `read(2)`.
    @inline(__always)
    public static func read(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(fd, into, count)
        #else
        Darwin.read(fd, into, count)
        #endif
    }

    /// One `write(2)`.
    @inline(__always)
    public static func write(_ fd: Int32, _ from: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, from, count)
        #else
        Darwin.write(fd, from, count)
        #endif
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and `EINTR`; the `errno` of the
    /// failure, or 0 when everything was written.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>) -> Int32 {
        let failure: Int32? = bytes.withContiguousStorageIfAvailable { Self.writeAll(fd, UnsafeRawBufferPointer($0)) }
        return failure ?? Self.writeAll(fd, Array(bytes))
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        guard let base = buffer.baseAddress else { return 0 }
        var written = 0
        while written < buffer.count {
            let n = write(fd, base + written, buffer.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            written += n
        }
        return 0
    }

    /// `strerror(code)` starting lower-case, to follow a colon in a message: `no such file or directory`.
    public static func reason(_ code: Int32) -> String {
        var text = String(cString: strerror(code))
        if let first = text.first { text = first.lowercased() + text.dropFirst() }
        return text
    }
}
