#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The project's root folder, found from this file's real location (symlinks resolved).
func projectRoot() -> String {
    let file = #filePath
    var resolved = file
    if let real = realpath(file, nil) {
        resolved = String(cString: real)
        free(real)
    }
    var parts = resolved.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4) // Support/Paths.swift, CiviLangTests, Tests
    return parts.joined(separator: "/")
}

/// `../shared` beside the project root: the API contract, language brief and scenarios.
func sharedFolder() -> String { projectRoot() + "/../shared" }
