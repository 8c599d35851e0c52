#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the project's files are, found from this file's real location (symlinks resolved).
public enum Repository {
    /// The project's root folder (the one holding Package.swift).
    public static let root: String = {
        let file = #filePath
        var resolved = file
        if let real = realpath(file, nil) {
            resolved = String(cString: real)
            free(real)
        }
        var parts = resolved.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // RepositoryPaths.swift, CiviTestSupport, Tests
        return parts.joined(separator: "/")
    }()

    /// `../shared` beside the project root: the API contract, language brief and scenarios.
    public static var shared: String { root + "/../shared" }

    /// The shared scenario scripts.
    public static var scenarios: String { shared + "/scenarios" }

    /// The example scripts shipped with the project.
    public static var examples: String { root + "/examples" }

    /// The language test scripts (`Tests/Language/**/*.civi`).
    public static var languageTests: String { root + "/Tests/Language" }
}
