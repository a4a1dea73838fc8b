import EventLoop
import Foundation
import Postgres
import Synchronization
import Testing

/// `PostgresPool.query` called from a task running on an event loop: the statement waits
/// on that loop (libpq's asynchronous calls) instead of a connection queue's thread. It
/// must give the same answers as the blocking path (rows, server errors, re-preparing,
/// deadline, a connection killed while idle), leave the loop free meanwhile, and come
/// back on the loop.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
final class LoopStatementTests {
    /// One loop on a thread of its own, stopped when the suite instance goes.
    private let group: EventLoopGroup
    private var loop: EventLoop { group.loops[0] }

    init() throws {
        group = try EventLoopGroup(count: 1)
        group.start()
    }

    deinit {
        group.stop()
    }

    /// Runs `body` as a task whose executor is the loop (as HTTP handlers run).
    private func onLoop<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await Task(executorPreference: loop) { try await body() }.value
    }

    private func makePool(size: Int = 2, deadline: Duration? = nil) throws -> PostgresPool {
        PostgresPool(configuration: try TestEnvironment.configuration(), size: size, callDeadline: deadline)
    }


    /// True if `loop` runs a closure handed to it within `seconds` (false: it is blocked).
    private func loopResponds(within seconds: Double) async throws -> Bool {
        let ran = Atomic(false)
        loop.execute { ran.store(true, ordering: .releasing) }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if ran.load(ordering: .acquiring) { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    @Test func aStatementFromALoopAnswersAndTheTaskStaysOnTheLoop() async throws {
        let pool = try makePool()
        defer { pool.close() }
        let loop = self.loop
        let answers = try await onLoop {
            var answers: [Int] = []
            // The first call prepares the statement, the later ones execute it by name.
            for value in [41, 1, -3] {
                let rows = try await pool.query("SELECT $1::int8 + 1 AS n, 'ünïcode'::text AS t", [.int(value)])
                #expect(try rows.first?.decode(String.self, "t") == "ünïcode")
                answers.append(try rows.first?.decode(Int.self, "n") ?? 0)
                #expect(EventLoop.current === loop)
            }
            return answers
        }
        #expect(answers == [42, 2, -2])
        #expect(pool.statistics.statementsOnLoops == 3)
        // Called from elsewhere, the statement waits on the connection's queue.
        #expect(try await pool.query("SELECT 1 AS n").first?.decode(Int.self, "n") == 1)
        #expect(pool.statistics.statementsOnLoops == 3)
    }

    @Test func aStatementWaitingForTheServerLeavesTheLoopFree() async throws {
        let holder = try TestEnvironment.connect()
        let key = TestEnvironment.advisoryLockKey()
        try holder.execute("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        let pool = try makePool()
        defer { pool.close() }
        let waiting = Task(executorPreference: loop) {
            try await pool.query("SELECT 1 AS locked FROM (SELECT pg_advisory_lock($1::int8)) AS taken", [.int(key)])
        }
        // The statement is on the server, waiting for our lock…
        try await TestEnvironment.waitUntil {
            TestEnvironment.advisoryLockSessions(key, on: holder, waiting: true).count == 1
        }
        // …and the loop meanwhile runs other work.
        let responded = try await loopResponds(within: 2)
        try holder.execute("SELECT pg_advisory_unlock($1::int8)", [.int(key)])
        #expect(responded)
        #expect(try await waiting.value.first?.decode(Int.self, "locked") == 1)
        #expect(pool.statistics.statementsOnLoops == 1)
    }

    @Test func serverErrorsAreServerErrorsAndTheConnectionServesOn() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        try await onLoop {
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELEKT 1") }
            #expect(error?.kind == .server)
            #expect(error?.sqlState == "42601")
            let division = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT 1 / $1::int AS n", [.int(0)])
            }
            #expect(division?.sqlState == "22012")
            let five = try await pool.query("SELECT 5 AS n").first?.decode(Int.self, "n")
            #expect(five == 5)
            let nul = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1\u{0}") }
            #expect(nul?.kind == .invalidParameter)
        }
        #expect(pool.statistics.open == 1)
    }

    @Test func aStatementPreparedBeforeATableChangedIsPreparedAgain() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        let table = TestEnvironment.uniqueName("loop_reprepare")
        try await onLoop {
            try await pool.execute("CREATE TABLE \(table) (a int)")
            try await pool.execute("INSERT INTO \(table) VALUES (1)")
            #expect(try await pool.query("SELECT * FROM \(table)").columns.count == 1)
            try await pool.execute("ALTER TABLE \(table) ADD COLUMN b int DEFAULT 2")
            let rows = try await pool.query("SELECT * FROM \(table)")
            #expect(rows.columns.count == 2)
            #expect(try rows.first?.decode(Int.self, "b") == 2)
            try await pool.execute("DROP TABLE \(table)")
        }
    }

    @Test func aValueLargerThanTheSocketBufferIsSentWhole() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        let text = String(repeating: "switchboard ", count: 1 << 20)  // 12 MiB: many partial writes
        let length = try await onLoop {
            try await pool.query("SELECT length($1::text)::int8 AS n", [.text(text)]).first?.decode(Int.self, "n")
        }
        #expect(length == text.utf8.count)
    }

    @Test func aStuckStatementIsAnsweredAtTheDeadlineAndItsConnectionClosed() async throws {
        let holder = try TestEnvironment.connect()
        let key = TestEnvironment.advisoryLockKey()
        try holder.execute("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        let pool = try makePool(size: 2, deadline: .milliseconds(300))
        defer { pool.close() }
        try await onLoop {
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT pg_advisory_lock($1::int8)", [.int(key)])
            }
            #expect(error?.kind == .deadlineExceeded)
            let seven = try await pool.query("SELECT 7 AS n").first?.decode(Int.self, "n")
            #expect(seven == 7)
        }
        // Once we let go, the stuck statement takes the lock; its connection was closed, not
        // kept in the pool, so its session ends and the lock goes with it.
        try holder.execute("SELECT pg_advisory_unlock($1::int8)", [.int(key)])
        try await TestEnvironment.waitUntil { TestEnvironment.advisoryLockSessions(key, on: holder).isEmpty }
    }

    @Test func aConnectionKilledWhileIdleIsReplacedWithoutAnError() async throws {
        let pool = try makePool(size: 1)
        defer { pool.close() }
        let first = try await onLoop {
            try await pool.query("SELECT pg_backend_pid() AS pid").first?.decode(Int.self, "pid")
        }
        let killer = try TestEnvironment.connect()
        try killer.execute("SELECT pg_terminate_backend($1::int)", [.int(first ?? 0)])
        try await TestEnvironment.waitUntil {
            let rows = try? killer.query(
                "SELECT count(*)::int8 AS n FROM pg_stat_activity WHERE pid = $1::int", [.int(first ?? 0)])
            return (try? rows?.first?.decode(Int.self, "n")) == 0
        }
        let second = try await onLoop {
            try await pool.query("SELECT pg_backend_pid() AS pid").first?.decode(Int.self, "pid")
        }
        #expect(second != nil)
        #expect(second != first)
    }

    @Test func aConnectionKilledMidStatementFailsTheCallAtOnceAndThePoolGoesOn() async throws {
        let pool = try makePool(size: 1, deadline: .seconds(30))
        defer { pool.close() }
        let holder = try TestEnvironment.connect()
        let key = TestEnvironment.advisoryLockKey()
        try holder.execute("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        defer { _ = try? holder.execute("SELECT pg_advisory_unlock($1::int8)", [.int(key)]) }
        let stuck = Task(executorPreference: loop) {
            try await pool.query("SELECT pg_advisory_lock($1::int8)", [.int(key)])
        }
        var waiter: Int?
        try await TestEnvironment.waitUntil {
            waiter = TestEnvironment.advisoryLockSessions(key, on: holder, waiting: true).first
            return waiter != nil
        }
        let started = ContinuousClock.now
        try holder.execute("SELECT pg_terminate_backend($1::int)", [.int(waiter ?? 0)])
        // The server's goodbye arrives on the loop: the call fails now, not at its deadline.
        let error = await #expect(throws: PostgresError.self) { try await stuck.value }
        #expect(error?.kind == .connectionFailure)
        #expect(started.duration(to: .now) < .seconds(10))
        let next = try await onLoop { try await pool.query("SELECT 3 AS n").first?.decode(Int.self, "n") }
        #expect(next == 3)
    }
}
