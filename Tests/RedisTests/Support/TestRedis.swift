import Foundation
import Redis

/// The shared test server (from `TEST_REDIS_URL`) and what tests need around it.
enum TestRedis {
    /// True when the test command provides a server; integration tests are skipped otherwise.
    static let isConfigured = ProcessInfo.processInfo.environment["TEST_REDIS_URL"] != nil

    /// The shared server's URL.
    static func url() throws -> RedisURL {
        try RedisURL(ProcessInfo.processInfo.environment["TEST_REDIS_URL"] ?? "")
    }

    /// A key prefix no other test (or earlier run) uses.
    static func uniquePrefix(_ test: String = #function) -> String {
        let name = test.prefix { $0 != "(" }
        return "test:\(name):\(UUID().uuidString.prefix(8)):"
    }

    /// The repository root, found from this file's path (Tests/RedisTests/Support/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A loopback TCP port nothing listens on right now (scripts/lib.sh's `free_port`).
    static func freePort() throws -> Int {
        let output = try Shell.run("source scripts/lib.sh && free_port")
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ShellError(message: "free_port printed '\(output)'")
        }
        return port
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
