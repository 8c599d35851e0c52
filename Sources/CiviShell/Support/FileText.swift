import CiviCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes for scripts, saved sessions and reports, with errors that name the path.
enum FileText {
    /// Why a file could not be read or written.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads a UTF-8 file, or standard input for `-` (scripts may come from pipes and devices too).
    static func read(_ path: String) throws -> String {
        do throws(WholeFile.Failure) {
            let bytes = path == "-" ? try WholeFile.read(descriptor: 0) : try WholeFile.read(path: path, allowSpecial: true)
            return String(decoding: bytes, as: UTF8.self)
        } catch {
            throw Failure(description: "cannot read \(path): \(error == .system(EISDIR) ? "it is a directory" : error.reason)")
        }
    }

    /// Writes `text` to `path` (created with `mode`, truncated).
    static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws {
        do throws(WholeFile.Failure) { try WholeFile.write(text.utf8, to: path, mode: mode) } catch {
            throw Failure(description: "cannot write \(path): \(error.reason)")
        }
    }

    /// Names in a directory (no `.`/`..`), sorted.
    static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { out.append(name) }
        }
        return out.sorted()
    }
}
