import Foundation
import Postgres
import Testing

/// Surviving a PostgreSQL restart. Each test runs its own server (scripts/postgres.sh on a
/// free port in a temporary folder), so restarting it disturbs no other test; serialized to
/// keep the machine's load down.
@Suite(.serialized, .enabled(if: TestEnvironment.hasDatabase, "needs a PostgreSQL installation (TEST_DATABASE_URL)"))
struct RestartTests {
    @Test func thePoolsFirstQueryAfterARestartSucceeds() async throws {
        try await TestServer.with { server in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: server.url), size: 3)
            defer { pool.close() }
            // Fill the idle list with three connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { _ = try await pool.query("SELECT pg_sleep(0.1)") } }
                try await group.waitForAll()
            }
            #expect(pool.statistics.idle == 3)

            try await server.restart()

            let rows = try await pool.query("SELECT 42 AS answer")
            #expect(try rows.first?.decode(Int.self, "answer") == 42)
            // The other idle connections were dead too: later calls work as well.
            for _ in 0..<3 {
                #expect(try await pool.query("SELECT 1 AS one").count == 1)
            }
            #expect(pool.statistics.open <= 3)
        }
    }

    @Test func aTransactionAfterARestartRunsExactlyOnce() async throws {
        try await TestServer.with { server in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: server.url), size: 1)
            defer { pool.close() }
            try await pool.execute("CREATE TABLE events (n int NOT NULL)")
            try await server.restart()
            try await pool.transaction { connection in
                try connection.execute("INSERT INTO events VALUES (1)")
            }
            let rows = try await pool.query("SELECT count(*) AS n FROM events")
            #expect(try rows.first?.decode(Int.self, "n") == 1)
        }
    }

    @Test func aPlainConnectionReportsTheRestartAsAConnectionFailure() async throws {
        try await TestServer.with { server in
            let url = server.url
            let connection = try await TestEnvironment.blocking { try OwnedConnection(url: url) }
            try await server.restart()
            await #expect {
                try await TestEnvironment.blocking { try connection.query("SELECT 1") }
            } throws: { error in
                guard let error = error as? PostgresError else { return false }
                return error.kind == .connectionFailure && error.message.contains("127.0.0.1:\(server.port)")
            }
            #expect(connection.isOpen == false)
        }
    }

    @Test func thePoolRecoversWhenAStoppedServerComesBack() async throws {
        try await TestServer.with { server in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: server.url), size: 2)
            defer { pool.close() }
            _ = try await pool.query("SELECT 1")
            try await server.stop()
            let (_, seconds) = await TestEnvironment.measure {
                await #expect {
                    try await pool.query("SELECT 1")
                } throws: { error in
                    (error as? PostgresError)?.kind == .connectionFailure
                }
            }
            #expect(seconds < 5)
            try await server.start()
            #expect(try await pool.query("SELECT 1 AS one").count == 1)
        }
    }
}

/// A connection handed between dispatch threads in a test, one thread at a time.
final class OwnedConnection: @unchecked Sendable {
    // @unchecked is safe here: the test uses it from one blocking call at a time.
    /// The connection.
    private let connection: PostgresConnection

    /// Connects to `url`.
    init(url: String) throws { connection = try PostgresConnection(url: url) }

    /// Runs `sql` and returns the number of rows.
    func query(_ sql: String) throws -> Int { try connection.query(sql).count }

    /// Whether the connection is usable.
    var isOpen: Bool { connection.isOpen }
}
