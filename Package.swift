// swift-tools-version:6.0
// Switchboard: four services over shared libraries. No package dependencies:
// only the toolchain and two system libraries (libpq, hiredis).
import PackageDescription

/// Warnings are errors in every target we own.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ingest-api", targets: ["ingest-api"]),
        .executable(name: "telegram-gateway", targets: ["telegram-gateway"]),
        .executable(name: "notify-hub", targets: ["notify-hub"]),
        .executable(name: "operator-relay", targets: ["operator-relay"]),
        .executable(name: "autobahn-echo", targets: ["autobahn-echo"]),
    ],
    targets: [
        // C libraries, found through pkg-config.
        .systemLibrary(
            name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CHiredis", path: "Shared/CHiredis", pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]),

        // Linux interfaces missing from Swift's Glibc module (epoll, eventfd, accept4): headers only.
        .systemLibrary(name: "CLinux", path: "Shared/CLinux"),

        // Shared libraries, one concept each.
        .target(name: "Logging", path: "Shared/Logging", swiftSettings: strict),
        .target(name: "Config", dependencies: ["Logging"], path: "Shared/Config", swiftSettings: strict),
        .target(name: "Redis", dependencies: ["CHiredis", "Logging"], path: "Shared/Redis", swiftSettings: strict),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Logging"], path: "Shared/Postgres", swiftSettings: strict),
        .target(name: "EventLoop", dependencies: ["CLinux"], path: "Shared/EventLoop", swiftSettings: strict),
        .target(name: "HTTP1", path: "Shared/HTTP1", swiftSettings: strict),
        .target(name: "WebSocket", path: "Shared/WebSocket", swiftSettings: strict),
        .target(
            name: "HTTPServer", dependencies: ["EventLoop", "HTTP1", "WebSocket", "Logging"],
            path: "Shared/HTTPServer", swiftSettings: strict),
        .target(
            name: "TestSupport", dependencies: ["HTTP1", "WebSocket"],
            path: "Shared/TestSupport", swiftSettings: strict),

        // The four services.
        .executableTarget(
            name: "ingest-api",
            dependencies: ["Config", "Logging", "HTTPServer", "Postgres", "Redis"],
            path: "Services/ingest-api", swiftSettings: strict),
        .executableTarget(
            name: "telegram-gateway", dependencies: ["Config", "Logging", "HTTPServer", "Redis"],
            path: "Services/telegram-gateway", swiftSettings: strict),
        .executableTarget(
            name: "notify-hub", dependencies: ["Config", "Logging", "HTTPServer", "Redis"],
            path: "Services/notify-hub", swiftSettings: strict),
        .executableTarget(
            name: "operator-relay", dependencies: ["Config", "Logging", "HTTPServer", "Redis"],
            path: "Services/operator-relay", swiftSettings: strict),

        // Test-only executables: the Autobahn echo endpoint.
        .executableTarget(
            name: "autobahn-echo", dependencies: ["HTTPServer", "Logging"],
            path: "Tests/AutobahnEcho", swiftSettings: strict),

        // Fuzz targets: built with -sanitize=fuzzer by `make fuzz`; a plain build makes
        // them corpus replayers (regression runs of saved inputs).
        .executableTarget(
            name: "fuzz-http-parser", dependencies: ["HTTP1"], path: "Tests/Fuzz/HTTPParser", swiftSettings: strict),
        .executableTarget(
            name: "fuzz-websocket-decoder", dependencies: ["WebSocket"], path: "Tests/Fuzz/WebSocketDecoder",
            swiftSettings: strict),

        // Unit tests (no servers needed).
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Logging"], path: "Tests/ConfigTests"),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"], path: "Tests/HTTP1Tests"),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket"], path: "Tests/WebSocketTests"),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"], path: "Tests/HTTPServerTests"),
        // Integration tests against real Redis and PostgreSQL started by `make test`.
        .testTarget(name: "RedisTests", dependencies: ["Redis"], path: "Tests/RedisTests"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"], path: "Tests/PostgresTests"),
    ],
    swiftLanguageModes: [.v6]
)
