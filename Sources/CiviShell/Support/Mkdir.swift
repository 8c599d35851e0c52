#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mkdir` with mode 0700, ignoring "exists".
@discardableResult
func mkdirPrivate(_ path: UnsafePointer<CChar>) -> Int32 { mkdir(path, 0o700) }
