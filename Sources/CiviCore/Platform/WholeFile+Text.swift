#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WholeFile {
    /// The file at `path` as UTF-8 text, nil when it is not valid UTF-8. A regular file is read
    /// straight into the string's own storage: one `read` into memory touched once, instead of a
    /// byte array that is then validated and copied into a string.
    public static func readText(path: String, allowSpecial: Bool) throws(Failure) -> String? {
        let fd = try open(path, allowSpecial: allowSpecial)
        defer { close(fd) }
        var info = stat()
        let size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        guard size > 0 else { return String(validating: try read(descriptor: fd), as: UTF8.self) }
        var failure: Int32 = 0
        var valid = true
        let text = String(unsafeUninitializedCapacity: size) { buffer in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            let filled = fill(buffer, from: fd, failure: &failure)
            guard failure == 0 else { return 0 }
            // Checked here because the initializer would repair bad bytes, and a script must hear of them.
            valid = UTF8Validation.isValid(UnsafeBufferPointer(rebasing: buffer[..<filled]))
            return valid ? filled : 0
        }
        if failure != 0 { throw .system(failure) }
        guard valid else { return nil }
        // The file grew after `fstat`: a character may straddle the boundary, so the whole is validated again.
        let rest = try read(descriptor: fd)
        return rest.isEmpty ? text : String(validating: Array(text.utf8) + rest, as: UTF8.self)
    }

    /// Reads into `buffer` until it is full or the file ends; the count read.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from fd: Int32, failure: inout Int32) -> Int {
        var count = 0
        while count < buffer.count {
            let n = SystemCall.read(fd, buffer.baseAddress! + count, buffer.count - count)
            if n > 0 { count += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0 { failure = errno }
            break
        }
        return count
    }

    /// Asks for transparent huge pages over a big buffer about to be filled: a 79 MB file then
    /// costs about 40 page faults instead of 20,000 (the kernel's `madvise` mode needs the ask).
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let huge = 2 << 20
        guard buffer.count >= 2 * huge, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
