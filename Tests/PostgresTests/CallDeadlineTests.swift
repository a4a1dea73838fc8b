import Foundation
import Postgres
import Testing

/// `PostgresPool`'s call deadline: a call the server does not answer in time fails with
/// `.deadlineExceeded` (waiting for a connection counts), the pool goes on serving, and the
/// stuck connection is closed once its statement returns.
///
/// The stuck statements wait on an advisory lock this test holds, so "answered by the
/// deadline" is shown by cause, not by timing: the error arrives while the lock is still
/// held, that is while the statement is certainly still running.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct CallDeadlineTests {
    private func makePool(size: Int, deadline: Duration) throws -> PostgresPool {
        PostgresPool(configuration: try TestEnvironment.configuration(), size: size, callDeadline: deadline)
    }


    @Test func aStuckCallIsAnsweredAtTheDeadlineAndThePoolGoesOn() async throws {
        let holder = try TestEnvironment.connect()
        let key = TestEnvironment.advisoryLockKey()
        try holder.execute("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        let pool = try makePool(size: 2, deadline: .milliseconds(300))
        defer { pool.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await pool.query("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        }
        #expect(error?.kind == .deadlineExceeded)
        // Answered while the statement still waits on our lock; the next call works at once.
        #expect(try await pool.query("SELECT 7 AS n").first?.decode(Int.self, "n") == 7)
        // Once we let go, the stuck statement takes the lock and returns; its connection is
        // then closed, not reused, and closing it releases the lock it took. (Kept in the
        // pool, that session would hold the lock for good.)
        try holder.execute("SELECT pg_advisory_unlock($1::int8)", [.int(key)])
        try await TestEnvironment.waitUntil { TestEnvironment.advisoryLockSessions(key, on: holder).isEmpty }
    }

    @Test func aCallerWaitingForAConnectionIsAnsweredToo() async throws {
        let holder = try TestEnvironment.connect()
        let key = TestEnvironment.advisoryLockKey()
        try holder.execute("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        defer { _ = try? holder.execute("SELECT pg_advisory_unlock($1::int8)", [.int(key)]) }
        let pool = try makePool(size: 1, deadline: .milliseconds(400))
        defer { pool.close() }
        let busy = Task { try? await pool.query("SELECT pg_advisory_lock($1::int8)", [.int(key)]) }
        try await Task.sleep(for: .milliseconds(100))
        // Waits for the only connection, then (freed by the busy call's deadline) blocks on
        // the lock too: it hears before the lock is released, from the wait's time-out or
        // its own deadline.
        let error = await #expect(throws: PostgresError.self) {
            try await pool.query("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        }
        #expect(error?.kind == .deadlineExceeded || error?.kind == .poolTimeout)
        _ = await busy.value
    }

    @Test func fastCallsAreUntouched() async throws {
        let pool = try makePool(size: 4, deadline: .seconds(2))
        defer { pool.close() }
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for number in 1...200 {
                group.addTask {
                    try #require(try await pool.query("SELECT $1::int8 AS n", [.int(number)]).first?.decode(Int.self, "n"))
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == 200 * 201 / 2)
        #expect(pool.statistics.open <= 4)
    }
}
