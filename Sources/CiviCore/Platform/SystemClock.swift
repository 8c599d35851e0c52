#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two clocks civi reads: the wall clock for timestamps, the monotonic one for durations
/// (which must not jump when the wall clock is set).
public enum SystemClock {
    /// Nanoseconds since the Unix epoch, from the wall clock.
    public static func wallNanos() -> Int64 {
        let ts = reading(CLOCK_REALTIME)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Seconds since the Unix epoch, from the wall clock.
    public static func wallSeconds() -> Double {
        let ts = reading(CLOCK_REALTIME)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A monotonic reading in nanoseconds (an arbitrary origin; only differences mean anything).
    public static func monotonicNanos() -> UInt64 {
        let ts = reading(CLOCK_MONOTONIC)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// A monotonic reading in seconds, for elapsed times.
    public static func monotonicSeconds() -> Double {
        let ts = reading(CLOCK_MONOTONIC)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private static func reading(_ clock: clockid_t) -> timespec {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return ts
    }
}
