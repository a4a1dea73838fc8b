import Foundation
import Postgres
import Testing

/// `PostgresPool`'s call deadline: a call the server does not answer in time fails with
/// `.deadlineExceeded` at the deadline (waiting for a connection counts), the pool goes on
/// serving, and the stuck connection is closed once its statement returns.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct CallDeadlineTests {
    private func makePool(size: Int, deadline: Duration) throws -> PostgresPool {
        PostgresPool(configuration: try TestEnvironment.configuration(), size: size, callDeadline: deadline)
    }

    @Test func aSlowCallIsAnsweredAtTheDeadlineAndThePoolGoesOn() async throws {
        let pool = try makePool(size: 2, deadline: .milliseconds(300))
        defer { pool.close() }
        let (error, seconds) = await TestEnvironment.measure {
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(2.5)") }
        }
        #expect(error?.kind == .deadlineExceeded)
        // Well before the statement ends (a loaded machine can be slow to connect and tick).
        #expect(seconds >= 0.29 && seconds < 1.8)
        // The next call works at once, on another connection.
        #expect(try await pool.query("SELECT 7 AS n").first?.decode(Int.self, "n") == 7)
        // The stuck connection is closed after its sleep returns: open drops back.
        try await Task.sleep(for: .milliseconds(2600))
        #expect(pool.statistics.open <= 1)
    }

    @Test func waitingForAConnectionCountsTowardsTheDeadline() async throws {
        let pool = try makePool(size: 1, deadline: .milliseconds(400))
        defer { pool.close() }
        let busy = Task { try? await pool.query("SELECT pg_sleep(1.2)") }
        try await Task.sleep(for: .milliseconds(100))
        // This caller waits ~300 ms for the only connection (freed when the busy call misses
        // its deadline), then runs a slow statement: it hears at its own deadline, counted
        // from its request (~400 ms), not 400 ms after it got the connection (~700 ms).
        let (error, seconds) = await TestEnvironment.measure {
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(1)") }
        }
        // (On a loaded machine the wait itself can reach the deadline first: .poolTimeout.)
        #expect(error?.kind == .deadlineExceeded || error?.kind == .poolTimeout)
        #expect(seconds > 0.35 && seconds < 0.9)
        _ = await busy.value
    }

    @Test func fastCallsAreUntouched() async throws {
        let pool = try makePool(size: 4, deadline: .seconds(2))
        defer { pool.close() }
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for number in 1...200 {
                group.addTask { try #require(try await pool.query("SELECT $1::int8 AS n", [.int(number)]).first?.decode(Int.self, "n")) }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == 200 * 201 / 2)
        #expect(pool.statistics.open <= 4)
    }
}
