import Foundation
import Postgres

/// The servers `make test` starts (TEST_REDIS_URL, TEST_DATABASE_URL); integration tests
/// are skipped without them.
enum TestEnvironment {
    static let redisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]
    static let databaseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]
    /// True when both servers are given.
    static let isAvailable = redisURL != nil && databaseURL != nil

    /// A fresh database owned by the test user, made through the `postgres` superuser
    /// (the test server trusts local connections): each app under test has its own, so
    /// suites never see each other's rows. Returns its URL.
    static func makeDatabase() async throws -> String {
        guard let base = databaseURL, var components = URLComponents(string: base) else {
            throw TestFailure("TEST_DATABASE_URL is not set")
        }
        let name = "ingest_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let owner = components.user ?? "switchboard"
        var admin = components
        admin.user = "postgres"
        admin.path = "/postgres"
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: admin.string ?? ""), size: 1)
        defer { pool.close() }
        try await pool.execute("CREATE DATABASE \(name) OWNER \(owner)")
        components.path = "/" + name
        return components.string ?? ""
    }
}

/// A test's own failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
