import Foundation
import Postgres

/// Databases of their own for the tests on the PostgreSQL server `make test` starts
/// (`TEST_DATABASE_URL`): each app under test gets a fresh one, so suites never see each
/// other's rows. They are made through the `postgres` superuser, whom the test server
/// trusts on loopback.
public enum TestDatabase {
    /// The test server, when given.
    public static let serverURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]

    /// Creates an empty database named `prefix` and a random suffix, owned by the test
    /// URL's user, and returns its URL.
    public static func make(prefix: String = "test_") async throws -> String {
        guard let base = serverURL, var components = URLComponents(string: base) else {
            throw TestDatabaseError("TEST_DATABASE_URL is not set")
        }
        let suffix = UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let name = prefix + suffix
        let owner = components.user ?? "switchboard"
        try await asSuperuser(on: components) { pool in
            _ = try await pool.execute("CREATE DATABASE \(name) OWNER \(owner)")
        }
        components.path = "/" + name
        return components.string ?? ""
    }

    /// Drops a database `make` returned, ending any connection still open to it (a test's
    /// last pool may close a moment after the test); an unknown name is no error.
    public static func drop(_ url: String) async throws {
        guard let components = URLComponents(string: url) else { return }
        let name = String(components.path.dropFirst())
        // Only names `make` could have produced: the name goes into SQL as an identifier.
        guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else { return }
        try await asSuperuser(on: components) { pool in
            _ = try await pool.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Lets a database `make` returned accept connections again, or refuses new ones and
    /// ends those open: to the services using it, the database is down.
    public static func setAcceptingConnections(_ url: String, _ isAccepting: Bool) async throws {
        guard let components = URLComponents(string: url) else { return }
        let name = String(components.path.dropFirst())
        guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else { return }
        try await asSuperuser(on: components) { pool in
            _ = try await pool.execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS \(isAccepting)")
            if !isAccepting {
                _ = try await pool.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [.text(name)])
            }
        }
    }

    /// Runs `body` with a one-connection pool to the server's `postgres` database as `postgres`.
    private static func asSuperuser(
        on server: URLComponents, _ body: (PostgresPool) async throws -> Void
    ) async throws {
        var admin = server
        admin.user = "postgres"
        admin.path = "/postgres"
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: admin.string ?? ""), size: 1)
        defer { pool.close() }
        try await body(pool)
    }
}

/// A test database could not be made.
public struct TestDatabaseError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
