// swift-tools-version:6.0
// Switchboard: four services over shared libraries. No package dependencies:
// only the toolchain and two system libraries (libpq, hiredis).
import PackageDescription

/// Warnings are errors in every target we own.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

/// The modules whose internal types the fuzz targets read (`@testable import`): testable in
/// release builds too, so `swift build -c release` (which builds every product, the fuzz
/// targets included) works.
let fuzzable: [SwiftSetting] = strict + [.unsafeFlags(["-enable-testing"], .when(configuration: .release))]

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
        .target(name: "JSONEscaping", path: "Shared/JSONEscaping", swiftSettings: strict),
        .target(name: "Logging", dependencies: ["JSONEscaping"], path: "Shared/Logging", swiftSettings: strict),
        .target(name: "Config", dependencies: ["Logging"], path: "Shared/Config", swiftSettings: strict),
        .target(name: "Redis", dependencies: ["CHiredis", "Logging"], path: "Shared/Redis", swiftSettings: strict),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Logging", "EventLoop"], path: "Shared/Postgres", swiftSettings: strict),
        .target(name: "EventLoop", dependencies: ["CLinux"], path: "Shared/EventLoop", swiftSettings: strict),
        .target(name: "HTTP1", dependencies: ["JSONEscaping"], path: "Shared/HTTP1", swiftSettings: strict),
        .target(name: "WebSocket", path: "Shared/WebSocket", swiftSettings: strict),
        .target(
            name: "HTTPServer", dependencies: ["EventLoop", "HTTP1", "WebSocket", "Logging", "JSONEscaping"],
            path: "Shared/HTTPServer", swiftSettings: strict),
        // The one service skeleton: settings → server, the standard routes, readiness, ordered stop.
        .target(
            name: "ServiceKit", dependencies: ["Config", "HTTPServer", "Logging", "Redis"],
            path: "Shared/ServiceKit", swiftSettings: strict),
        .target(
            name: "TestSupport", dependencies: ["WebSocket", "Postgres", "Redis"],
            path: "Shared/TestSupport", swiftSettings: strict),

        .target(name: "Domain", path: "Shared/Domain", swiftSettings: strict),
        // Who may come in: rate limiters, the client address behind trusted proxies, the
        // admin token with a brake on guessing it; notify-hub and ingest-api share them.
        .target(
            name: "Admission", dependencies: ["EventLoop", "HTTP1", "HTTPServer"], path: "Shared/Admission",
            swiftSettings: strict),
        .target(name: "HTTPFetch", path: "Shared/HTTPFetch", swiftSettings: strict),
        // What crosses a process boundary, defined once for both sides: the events of
        // CONTRACT §5, the Redis names two processes share, the dashboard-reply entry.
        .target(
            name: "DeskProtocol", dependencies: ["Domain", "JSONEscaping"], path: "Shared/DeskProtocol",
            swiftSettings: strict),
        .target(name: "Events", dependencies: ["Redis", "DeskProtocol"], path: "Shared/Events", swiftSettings: strict),
        .target(
            name: "ChatState", dependencies: ["Redis", "Domain", "DeskProtocol"], path: "Shared/ChatState",
            swiftSettings: strict),
        .target(
            name: "TelegramBotAPI", dependencies: ["HTTPFetch"], path: "Shared/TelegramBotAPI", swiftSettings: strict),
        .target(
            name: "TelegramOutbox", dependencies: ["Redis", "Logging", "Domain", "DeskProtocol"],
            path: "Shared/TelegramOutbox",
            swiftSettings: strict),
        // Texts users and operators see (CONTRACT §4), per language; gateway and relay share it.
        .target(name: "Catalog", path: "Shared/Catalog", swiftSettings: strict),
        .target(
            name: "IngestClient", dependencies: ["Domain", "HTTPFetch"], path: "Shared/IngestClient",
            swiftSettings: strict),

        // The four services: each a library with its wiring in `run()` (so tests can start
        // it) and a thin executable.
        .target(
            name: "IngestAPI",
            dependencies: [
                "Config", "Logging", "HTTP1", "HTTPServer", "Postgres", "Redis", "Events", "Domain", "ChatState",
                "HTTPFetch", "JSONEscaping", "TelegramOutbox", "Admission", "DeskProtocol", "ServiceKit",
            ],
            path: "Services/ingest-api/IngestAPI", resources: [.copy("Migrations"), .copy("Resources")],
            swiftSettings: fuzzable),
        .executableTarget(
            name: "ingest-api", dependencies: ["IngestAPI", "Config", "HTTPServer", "Logging", "ServiceKit"],
            path: "Services/ingest-api/Main", swiftSettings: strict),
        .target(
            name: "TelegramGateway",
            dependencies: [
                "Config", "Logging", "HTTP1", "HTTPServer", "Redis", "Events", "Domain", "ChatState", "TelegramBotAPI",
                "TelegramOutbox", "IngestClient", "Catalog", "DeskProtocol", "ServiceKit",
            ],
            path: "Services/telegram-gateway/TelegramGateway", swiftSettings: strict),
        .executableTarget(
            name: "telegram-gateway", dependencies: ["TelegramGateway", "Config", "ServiceKit"],
            path: "Services/telegram-gateway/Main",
            swiftSettings: strict),
        .target(
            name: "NotifyHub",
            dependencies: [
                "Config", "Logging", "EventLoop", "HTTP1", "HTTPServer", "Redis", "Events", "Domain", "ChatState",
                "WebSocket", "JSONEscaping", "HTTPFetch", "IngestClient", "Admission", "Catalog", "DeskProtocol", "ServiceKit",
                "TelegramOutbox",
            ],
            path: "Services/notify-hub/NotifyHub", resources: [.embedInCode("Pages")], swiftSettings: fuzzable),
        .executableTarget(
            name: "notify-hub", dependencies: ["NotifyHub", "Config", "ServiceKit"],
            path: "Services/notify-hub/Main", swiftSettings: strict),
        .target(
            name: "OperatorRelay",
            dependencies: [
                "Config", "Logging", "HTTPServer", "Redis", "Events", "Domain", "ChatState", "TelegramOutbox",
                "IngestClient", "Catalog", "TelegramBotAPI", "DeskProtocol", "ServiceKit",
            ],
            path: "Services/operator-relay/OperatorRelay", swiftSettings: strict),
        .executableTarget(
            name: "operator-relay", dependencies: ["OperatorRelay", "ServiceKit"],
            path: "Services/operator-relay/Main",
            swiftSettings: strict),

        // A faithful stand-in for the Telegram Bot API, for the gateway's and relay's tests.
        .target(
            name: "TelegramDouble", dependencies: ["HTTP1", "HTTPServer", "Logging", "HTTPFetch"],
            path: "Tests/TelegramDouble",
            swiftSettings: strict),

        // Test-only executables: the Autobahn echo endpoint.
        .executableTarget(
            name: "autobahn-echo", dependencies: ["HTTPServer", "Logging", "WebSocket"],
            path: "Tests/AutobahnEcho", swiftSettings: strict),

        // Fuzz targets: built with -sanitize=fuzzer by `make fuzz`; a plain build makes
        // them corpus replayers (regression runs of saved inputs).
        .executableTarget(
            name: "fuzz-http-parser", dependencies: ["HTTP1"], path: "Tests/Fuzz/HTTPParser", swiftSettings: strict),
        .executableTarget(
            name: "fuzz-websocket-decoder", dependencies: ["WebSocket"], path: "Tests/Fuzz/WebSocketDecoder",
            swiftSettings: strict),
        // What outsiders send most (issue 15): ingest-api's request bodies and the visitor
        // dialects' frames. They read internal types (`@testable`; the fuzz build passes
        // -enable-testing).
        .executableTarget(
            name: "fuzz-ingest-body", dependencies: ["IngestAPI", "Domain", "HTTP1", "HTTPServer"],
            path: "Tests/Fuzz/IngestBody", swiftSettings: strict),
        .executableTarget(
            name: "fuzz-visitor-frames", dependencies: ["NotifyHub", "Domain"], path: "Tests/Fuzz/VisitorFrames",
            swiftSettings: strict),

        // Unit tests (no servers needed).
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Logging"], path: "Tests/ConfigTests"),
        .testTarget(
            name: "ServiceKitTests", dependencies: ["ServiceKit", "Config", "HTTP1", "Logging", "TestSupport"],
            path: "Tests/ServiceKitTests"),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog"], path: "Tests/CatalogTests"),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1"], path: "Tests/HTTP1Tests"),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket"], path: "Tests/WebSocketTests"),
        .testTarget(
            name: "DeskProtocolTests", dependencies: ["DeskProtocol", "Domain"], path: "Tests/DeskProtocolTests"),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP1", "WebSocket", "Logging", "TestSupport"],
            path: "Tests/HTTPServerTests"),
        // Integration tests against real Redis and PostgreSQL started by `make test`.
        .testTarget(name: "RedisTests", dependencies: ["Redis"], path: "Tests/RedisTests"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "EventLoop"], path: "Tests/PostgresTests"),
        .testTarget(name: "EventsTests", dependencies: ["Events", "Redis", "DeskProtocol"], path: "Tests/EventsTests"),
        .testTarget(
            name: "IngestAPITests",
            dependencies: [
                "IngestAPI", "TestSupport", "Postgres", "Redis", "HTTP1", "HTTPServer", "Config", "Domain", "Events",
                "Logging", "HTTPFetch", "TelegramOutbox", "DeskProtocol",
            ],
            path: "Tests/IngestAPITests"),
        .testTarget(
            name: "TelegramGatewayTests",
            dependencies: [
                "TelegramGateway", "TelegramDouble", "TestSupport", "Catalog", "Config", "Domain", "HTTP1",
                "HTTPServer", "IngestClient", "Logging", "Redis", "TelegramBotAPI", "TelegramOutbox", "DeskProtocol",
            ],
            path: "Tests/TelegramGatewayTests"),
        // The whole Telegram flow: the double, the gateway, the real ingest-api over
        // PostgreSQL and Redis, in both receiving modes; the gateway benchmark.
        .testTarget(
            name: "GatewayEndToEndTests",
            dependencies: [
                "TelegramGateway", "IngestAPI", "TelegramDouble", "TestSupport", "Config", "Logging", "Redis",
                "TelegramOutbox", "Catalog", "OperatorRelay", "HTTP1", "HTTPServer", "DeskProtocol",
            ],
            path: "Tests/GatewayEndToEndTests"),
        .testTarget(
            name: "NotifyHubTests",
            dependencies: [
                "NotifyHub", "TestSupport", "Events", "ChatState", "Config", "Domain", "HTTP1", "HTTPServer", "Logging",
                "Redis", "WebSocket", "HTTPFetch", "Admission", "Catalog", "DeskProtocol",
            ],
            path: "Tests/NotifyHubTests"),
        .testTarget(
            name: "OperatorRelayTests",
            dependencies: [
                "OperatorRelay", "TelegramGateway", "TelegramDouble", "TestSupport", "HTTPFetch", "ChatState", "Config",
                "Domain", "Events", "HTTP1", "HTTPServer", "IngestClient", "Logging", "Redis", "TelegramOutbox", "Catalog",
                "DeskProtocol",
            ],
            path: "Tests/OperatorRelayTests"),
        // The product-level suite: the release executables (DESK_BIN_DIR, built by
        // scripts/test.sh) as separate processes, driven as users drive the desk.
        .testTarget(
            name: "DeskTests",
            dependencies: ["TelegramDouble", "TestSupport", "HTTPServer", "HTTP1", "Redis", "Logging", "Catalog"],
            path: "Tests/DeskTests"),
    ],
    swiftLanguageModes: [.v6]
)
