import Foundation
import Postgres
import Testing

/// `PostgresPool` against the shared test server.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct PoolTests {
    /// A pool on the test database.
    private func makePool(size: Int = 4, acquireTimeout: Duration = .seconds(5)) throws -> PostgresPool {
        PostgresPool(configuration: try TestEnvironment.configuration(), size: size, acquireTimeout: acquireTimeout)
    }

    @Test func servesManyMoreConcurrentCallersThanItsSize() async throws {
        let pool = try makePool(size: 3)
        defer { pool.close() }
        let processIDs = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let row = try await pool.query(
                        "SELECT pg_backend_pid() AS pid, $1::int8 AS echo, pg_sleep(0.05)", [.int(index)])
                    #expect(try row.first?.decode(Int.self, "echo") == index)
                    return try #require(try row.first?.decode(Int.self, "pid"))
                }
            }
            var all: [Int] = []
            for try await processID in group { all.append(processID) }
            return all
        }
        #expect(processIDs.count == 24)
        #expect(Set(processIDs).count <= 3)
        let statistics = pool.statistics
        #expect(statistics.open <= 3)
        #expect(statistics.waiting == 0)
        #expect(statistics.capacity == 3)
    }

    @Test func transactionsAndClosuresRunOnAConnectionOfTheirOwn() async throws {
        let pool = try makePool()
        defer { pool.close() }
        let table = TestEnvironment.uniqueName("pooltx")
        try await pool.execute("CREATE TABLE \(table) (n int NOT NULL)")
        let inserted = try await pool.transaction { connection in
            try connection.execute("INSERT INTO \(table) SELECT generate_series(1, 3)")
        }
        #expect(inserted == 3)
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { connection in
                try connection.execute("INSERT INTO \(table) VALUES (4)")
                try connection.execute("INSERT INTO \(table) VALUES (NULL)")
            }
        }
        let count = try await pool.withConnection { connection in
            try connection.query("SELECT count(*) AS n FROM \(table)").first?.decode(Int.self, "n")
        }
        #expect(count == 3)
        try await pool.execute("DROP TABLE \(table)")
    }

    @Test func aTransactionLeftOpenIsRolledBackBeforeTheConnectionIsReused() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        let table = TestEnvironment.uniqueName("leftopen")
        try await pool.execute("CREATE TABLE \(table) (n int)")
        try await pool.withConnection { connection in
            try connection.execute("BEGIN")
            try connection.execute("INSERT INTO \(table) VALUES (1)")
        }
        let rows = try await pool.query("SELECT n, now() = statement_timestamp() AS fresh FROM \(table)")
        #expect(rows.isEmpty)
        let state = try await pool.query("SELECT count(*) AS n FROM \(table)")
        #expect(try state.first?.decode(Int.self, "n") == 0)
        try await pool.execute("DROP TABLE \(table)")
    }

    @Test func callersTimeOutWhenEveryConnectionStaysBusy() async throws {
        let pool = try makePool(size: 1, acquireTimeout: .milliseconds(300))
        defer { pool.close() }
        let holder = Task { try await pool.query("SELECT pg_sleep(3)") }
        try await TestEnvironment.waitUntil { pool.statistics.open == 1 && pool.statistics.idle == 0 }
        let start = ContinuousClock.now
        await #expect {
            try await pool.query("SELECT 1")
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.kind == .poolTimeout && error.message.contains("no PostgreSQL connection became free")
        }
        #expect(start.duration(to: .now) < .seconds(2.5))
        #expect(pool.statistics.waiting == 0)
        _ = try await holder.value
        #expect(try await pool.query("SELECT 1 AS one").count == 1)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let pool = try makePool(size: 1, acquireTimeout: .seconds(10))
        defer { pool.close() }
        let holder = Task { try await pool.query("SELECT pg_sleep(1)") }
        try await TestEnvironment.waitUntil { pool.statistics.open == 1 && pool.statistics.idle == 0 }
        let waiter = Task { try await pool.query("SELECT 1") }
        try await TestEnvironment.waitUntil { pool.statistics.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.statistics.waiting == 0)
        _ = try await holder.value
        #expect(try await pool.query("SELECT 1 AS one").count == 1)
    }

    @Test func aConnectionKilledWhileIdleIsReplacedTransparently() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        let first = try await pool.query("SELECT pg_backend_pid() AS pid")
        let processID = try #require(try first.first?.decode(Int.self, "pid"))
        // Kill the idle pooled backend from elsewhere, as a restart or an admin would.
        let admin = try TestEnvironment.connect()
        #expect(try admin.query("SELECT pg_terminate_backend($1::int)", [.int(processID)]).count == 1)
        for _ in 0..<100 {
            let alive = try admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", [.int(processID)])
            if alive.isEmpty { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let second = try await pool.query("SELECT pg_backend_pid() AS pid")
        #expect(try second.first?.decode(Int.self, "pid") != processID)
        #expect(pool.statistics.open == 1)
    }

    @Test func aConnectionBrokenDuringACallIsDiscarded() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        await #expect {
            try await pool.query("SELECT pg_terminate_backend(pg_backend_pid())")
        } throws: { error in
            (error as? PostgresError)?.kind == .connectionFailure
        }
        #expect(try await pool.query("SELECT 1 AS one").count == 1)
    }

    @Test func aClosedPoolRefusesCalls() async throws {
        let pool = try makePool()
        _ = try await pool.query("SELECT 1")
        pool.close()
        #expect(pool.statistics.open == 0)
        await #expect {
            try await pool.query("SELECT 1")
        } throws: { error in
            (error as? PostgresError)?.kind == .poolClosed
        }
    }
}
