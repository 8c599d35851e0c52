#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CiviCore

/// Completes file paths inside string literals and after `:load` / `:save`.
enum FilePathCompleter {
    /// Candidates replacing `typed` (the tail of `partial` that the editor treats as the word).
    static func complete(partial: String, typed: String, in workingDirectory: String) -> [String] {
        let (dirPart, namePart): (String, String)
        if let slash = partial.lastIndex(of: "/") {
            dirPart = String(partial[...slash])
            namePart = String(partial[partial.index(after: slash)...])
        } else {
            dirPart = ""
            namePart = partial
        }
        var dirPath = dirPart.isEmpty ? workingDirectory : dirPart
        if dirPart.hasPrefix("~/"), let home = getenv("HOME") { dirPath = String(cString: home) + dirPart.dropFirst() }
        else if !dirPart.hasPrefix("/") && !dirPart.isEmpty { dirPath = workingDirectory + "/" + dirPart }
        guard let dir = opendir(dirPath) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            guard name.hasPrefix(namePart) else { continue }
            let isDir = Directories.isDirectory(dirPath + "/" + name)
            out.append(dirPart + name + (isDir ? "/" : ""))
        }
        // The editor replaces only `typed`, which may be a tail of `partial` (spaces break words).
        let dropCount = partial.count - typed.count
        return out.sorted().map { String($0.dropFirst(max(0, dropCount))) }
    }
}
