// swift-tools-version:6.0
import PackageDescription

// Layers, one way: CiviCore (values, JSON, dates, the resource table) ← CiviLang (no networking)
// and CiviClient (HTTP) and CiviSandbox (the local server) ← CiviShell (REPL, display, runner) ← civi.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "civi",
    platforms: [.macOS(.v14)],
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
        .target(name: "CiviCore", swiftSettings: strict),
        .target(name: "CiviLang", dependencies: ["CiviCore"], swiftSettings: strict),
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
            swiftSettings: strict
        ),
        .target(
            name: "CiviShell",
            dependencies: ["CiviCore", "CiviLang", "CiviClient", "CiviSandbox", "CEditLine"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "civi",
            dependencies: ["CiviShell", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // scripts/bench's decode row (JSONReader against JSONSerialization), kept out of `civi`.
        .executableTarget(
            name: "civi-decode-bench",
            dependencies: ["CiviCore", "CiviSandbox"],
            path: "Sources/DecodeBenchmark",
            swiftSettings: strict
        ),
        .testTarget(name: "CiviCoreTests", dependencies: ["CiviCore"]),
        .testTarget(name: "CiviLangTests", dependencies: ["CiviLang", "CiviCore"]),
        .testTarget(
            name: "CiviClientTests",
            dependencies: ["CiviClient", "CiviSandbox", "CiviCore", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "CiviSandboxTests",
            dependencies: [
                "CiviSandbox", "CiviCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "CiviShellTests", dependencies: ["CiviShell", "CiviLang", "CiviClient", "CiviSandbox"]),
    ]
)
