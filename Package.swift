// swift-tools-version:6.0
import PackageDescription

// Layers, one way: CiviCore (values, JSON, dates, the resource table) ← CiviLang (no networking)
// and CiviClient (HTTP) and CiviSandbox (the local server) ← CiviShell (REPL, display, runner) ← civi.
//
// Upcoming features, every target and test target: ExistentialAny (no bare protocol types) and
// MemberImportVisibility (a file uses members only of modules it imports itself, which is what
// makes the explicit-import check in scripts/test mean something per file).
// Not on `civi` yet: its GlobalOptions.swift uses a CiviLang member without importing CiviLang,
// and that target is being rewritten; add `import CiviLang` + the dependency and switch it to `strict`.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
let strictExceptImports: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
// InternalImportsByDefault (an import is not part of the module's API unless it says `public import`)
// only where that costs a few lines: CiviCore (3 files `public import` the C library for `mode_t`)
// and CiviSandbox (1 file). Measured elsewhere: CiviLang's public API is CiviCore's `Value`, so 13
// files would need `public import CiviCore`; CiviClient 7 files (CiviCore, Foundation and NIO types
// in its API) — noise that says nothing new. CiviShell, civi and tests sit on top and stay default.
let strictInternalImports: [SwiftSetting] = strict + [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "civi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "civi", targets: ["civi"]),
        .library(name: "CiviLang", targets: ["CiviLang"]),
        .library(name: "CiviClient", targets: ["CiviClient"]),
        .library(name: "CiviSandbox", targets: ["CiviSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .target(name: "CiviCore", swiftSettings: strictInternalImports),
        .target(name: "CiviLang", dependencies: ["CiviCore"], swiftSettings: strict),
        // Exports civi programs as Python / JavaScript / Swift programs; the runtime preludes are real
        // source files embedded at build time. Reads the AST only: no shell, no client.
        .target(
            name: "CiviExport",
            dependencies: ["CiviCore", "CiviLang"],
            resources: [.embedInCode("Preludes/prelude.py"), .embedInCode("Preludes/prelude.mjs"), .embedInCode("Preludes/prelude.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "CiviClient",
            dependencies: [
                "CiviCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CiviSandbox",
            dependencies: [
                "CiviCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictInternalImports
        ),
        // The write journal (runs and the writes each sent, for `civi log` and `civi undo`).
        .target(
            name: "CiviJournal",
            dependencies: ["CiviCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "CiviShell",
            dependencies: ["CiviCore", "CiviLang", "CiviClient", "CiviSandbox", "CiviExport", "CiviJournal", "CEditLine"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "civi",
            dependencies: [
                "CiviShell", "CiviCore", "CiviSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictExceptImports
        ),
        // scripts/bench's decode row (JSONReader against JSONSerialization), kept out of `civi`.
        .executableTarget(
            name: "civi-decode-bench",
            dependencies: ["CiviCore", "CiviSandbox"],
            path: "Sources/DecodeBenchmark",
            swiftSettings: strict
        ),
        // Shared test harness: sandbox on a free port, the built binary, the repo root, a pty REPL.
        .target(name: "CiviTestSupport", dependencies: ["CiviSandbox"], path: "Tests/CiviTestSupport", swiftSettings: strict),
        .testTarget(name: "CiviCoreTests", dependencies: ["CiviCore"], swiftSettings: strict),
        .testTarget(name: "CiviJournalTests", dependencies: ["CiviJournal", "CiviCore"], swiftSettings: strict),
        .testTarget(name: "CiviLangTests", dependencies: ["CiviLang", "CiviCore", "CiviTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CiviClientTests",
            dependencies: ["CiviClient", "CiviSandbox", "CiviCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CiviSandboxTests",
            dependencies: [
                "CiviSandbox", "CiviCore", "CiviTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CiviExportTests",
            dependencies: ["CiviExport", "CiviLang", "CiviSandbox", "CiviTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CiviShellTests",
            dependencies: ["CiviShell", "CiviLang", "CiviClient", "CiviSandbox", "CiviCore", "CiviJournal", "CiviTestSupport"],
            swiftSettings: strict
        ),
    ]
)
