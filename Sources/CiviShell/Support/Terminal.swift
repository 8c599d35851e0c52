#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// Facts about the standard streams: terminals, width, whether colour is wanted.
public enum Terminal {
    /// True when file descriptor `fd` is a terminal.
    public static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The terminal's column count for `fd`, or nil when it is not a terminal.
    public static func width(_ fd: Int32 = 1) -> Int? {
        var ws = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
    }

    /// Colour on `fd` unless `NO_COLOR` is set, `--no-color` was given, or it is not a terminal.
    public static func wantsColor(_ fd: Int32, disabled: Bool, environment: [String: String]) -> Bool {
        if disabled { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTTY(fd)
    }

    /// Writes `text` to standard error unbuffered.
    public static func writeError(_ text: String) {
        write(2, text)
    }

    /// Writes `text` to standard output, unbuffered (so output and errors interleave in order).
    public static func writeOut(_ text: String) {
        write(1, text)
    }

    /// Writes all of `text` to a file descriptor (a closed or full stream loses it silently:
    /// there is nowhere left to report that).
    public static func write(_ fd: Int32, _ text: String) {
        SystemCall.writeAll(fd, text.utf8)
    }
}
