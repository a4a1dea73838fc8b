import Dispatch
import EventLoop
import Logging
import Synchronization

/// The async face of PostgreSQL for the services: a bounded pool of connections.
///
/// ## Concurrency model
/// libpq's ordinary calls block the calling thread for every round trip. Each pooled
/// connection therefore has a serial `DispatchQueue` of its own, where its blocking calls
/// (connect, statements, close) run: never on Swift's cooperative thread pool. Async
/// callers are bridged with `withCheckedContinuation` and suspend meanwhile. Closures
/// given to `withConnection` and `transaction` run synchronously on that queue, so they
/// may call the blocking `PostgresConnection` API freely, and must not `await`.
///
/// One exception, for speed: `query` called from a task running on an event loop (an HTTP
/// handler) sends its statement with libpq's asynchronous calls and waits for the answer
/// on that loop (`LoopStatement`), so the request never leaves its thread (handing a
/// statement to a queue and back cost two thread wake-ups per statement, more CPU than
/// the handler itself). The lease is the same; only where the connection's I/O waits
/// differs, and never both at once.
///
/// At most `size` connections exist; a caller finding all busy waits (suspended, first in
/// first out) up to `acquireTimeout`, then gets a `.poolTimeout` error. Connections open
/// lazily on first use.
///
/// ## Failures and restarts
/// A connection that broke is closed and leaves the pool. When a call fails because a
/// connection taken from the idle list turned out dead (the server restarted while it sat
/// idle), and no statement of that call reached the server, the pool closes all its idle
/// connections and retries the call once on a fresh one. That is safe because a restarted
/// server has no backend that could have run it, and it makes the first call after a
/// restart succeed instead of failing. A closure passed to `withConnection`/`transaction`
/// may thus be called twice, but only when its first statement never reached the server.
///
/// Cancelling a task interrupts its wait for a connection, not a statement already running.
public final class PostgresPool: Sendable {
    /// A suspended caller waiting for its turn.
    typealias Waiter = CheckedContinuation<PoolGrant<PooledConnection>, any Error>
    /// The state machine over our connection and waiter types.
    typealias State = PoolState<PooledConnection, Waiter>

    /// How connections are opened.
    public let configuration: PostgresConfiguration
    /// The most connections open at once.
    public let size: Int
    /// How long a caller waits for a free connection before failing with `.poolTimeout`.
    public let acquireTimeout: Duration
    /// Answers calls that outlive the call deadline (nil: no deadline).
    private let watch: CallWatch?
    /// Counts statements run on an event loop (statistics).
    private let statementsOnLoops = Atomic(0)
    /// Fails waiters past `acquireTimeout`, a few times per time-out (one timer for all).
    private let waiterSweep: TimerSource
    /// Where the pool logs discarded connections and retries.
    private let logger: Logger
    /// Connections and waiters, behind a lock.
    private let state: Locked<State>
    /// Numbers the connections' queues, for debuggers and thread dumps.
    private let connectionCounter = Locked(0)

    /// The pool size the services use unless configured otherwise.
    public static let defaultSize = 8
    /// The acquire time-out unless configured otherwise.
    public static let defaultAcquireTimeout = Duration.seconds(5)

    /// A pool of at most `size` (at least 1) connections; none is opened yet.
    ///
    /// With a `callDeadline`, every call (waiting for a connection included) is answered
    /// within it: one still running then fails with `.deadlineExceeded` while the statement
    /// finishes unheard (a blocking libpq call cannot be interrupted), and its connection is
    /// closed afterwards. The acquire time-out is then at most the deadline.
    public init(
        configuration: PostgresConfiguration, size: Int = defaultSize, acquireTimeout: Duration = defaultAcquireTimeout,
        callDeadline: Duration? = nil, logger: Logger = Logger(label: "postgres")
    ) {
        self.configuration = configuration
        self.size = max(1, size)
        self.acquireTimeout = callDeadline.map { min($0, acquireTimeout) } ?? acquireTimeout
        watch = callDeadline.map(CallWatch.init)
        self.logger = logger
        state = Locked(State(capacity: max(1, size)))
        waiterSweep = TimerSource(checking: self.acquireTimeout, label: "switchboard.postgres.acquire-timeout")
        waiterSweep.start { [weak self] in self?.failOverdueWaiters() }
    }

    /// Runs one statement on a pooled connection and returns its rows.
    ///
    /// Called from a task running on an event loop (an HTTP handler), the statement waits
    /// on that loop without blocking it (`LoopStatement`); from anywhere else, on the
    /// connection's queue.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresRows {
        guard let loop = EventLoop.current else {
            return try await run { try $0.query(sql, parameters) }
        }
        return try await runLeased { lease, requestedAt in
            // A task with the loop as its executor comes back to it after waiting for the
            // lease; anything else waits on the queue as usual.
            guard loop.isCurrent else {
                return await lease.connection.run(
                    checkingIdleHealth: lease.wasIdle, watch: watch, requestedAt: requestedAt
                ) {
                    try $0.query(sql, parameters)
                }
            }
            statementsOnLoops.add(1, ordering: .relaxed)
            return await lease.connection.runOnLoop(
                loop, checkingIdleHealth: lease.wasIdle, watch: watch, requestedAt: requestedAt, sql: sql,
                parameters: parameters)
        }
    }

    /// Runs one statement on a pooled connection; returns the number of rows it changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> Int {
        try await query(sql, parameters).affectedRowCount
    }

    /// Runs `body` with a connection of its own, on that connection's queue. A transaction
    /// left open by `body` is rolled back.
    @discardableResult
    public func withConnection<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> Value
    ) async throws -> Value {
        try await run(body)
    }

    /// Runs `body` in a transaction on a connection of its own: committed if it returns,
    /// rolled back if it throws.
    @discardableResult
    public func transaction<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> Value
    ) async throws -> Value {
        try await run { try $0.transaction(body) }
    }

    /// Fails waiting callers, closes idle connections, and closes leased ones as they come
    /// back; later calls throw `.poolClosed`.
    public func close() {
        perform(state.withLock { $0.close() })
    }

    /// The current counts.
    public var statistics: PostgresPoolStatistics {
        state.withLock { state in
            PostgresPoolStatistics(
                open: state.openCount, idle: state.idle.count, waiting: state.waitingCount, capacity: state.capacity,
                statementsOnLoops: statementsOnLoops.load(ordering: .relaxed))
        }
    }

    /// A leased connection and where it came from.
    private struct Lease {
        /// The connection, ours until released.
        var connection: PooledConnection
        /// True if it came from the idle list (and may have died there).
        var wasIdle: Bool
    }

    /// Leases a connection, runs `body` on it, gives it back, and retries once on a fresh
    /// connection when an idle one turned out dead (see the type's documentation).
    private func run<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> Value
    ) async throws -> Value {
        try await runLeased { lease, requestedAt in
            await lease.connection.run(
                checkingIdleHealth: lease.wasIdle, watch: self.watch, requestedAt: requestedAt, body)
        }
    }

    /// `run` with the leased connection's work given by `work` (on its queue, or on a loop).
    private func runLeased<Value: Sendable>(
        _ work: (Lease, ContinuousClock.Instant) async -> PooledConnection.Outcome<Value>
    ) async throws -> Value {
        var hasRetried = false
        let requestedAt = ContinuousClock.now
        while true {
            let lease = try await acquire()
            let outcome = await work(lease, requestedAt)
            perform(state.withLock { $0.release(lease.connection, isReusable: outcome.isReusable) })
            switch outcome.result {
            case .success(let value):
                return value
            case .failure(let error):
                if !outcome.isReusable {
                    logger.warning("postgres: discarded a broken connection", ["error": .string("\(error)")])
                }
                let diedWhileIdle =
                    lease.wasIdle && !outcome.isReusable && !outcome.reachedServer
                    && (error as? PostgresError)?.kind == .connectionFailure
                guard diedWhileIdle, !hasRetried else { throw error }
                hasRetried = true
                logger.warning(
                    "postgres: an idle connection was dead (server restarted?); "
                        + "dropping idle connections and retrying once"
                )
                perform(state.withLock { $0.dropIdle() })
            }
        }
    }

    /// Waits for a connection: an idle one, one handed over by a releasing caller, or a new
    /// one opened in a free slot.
    private func acquire() async throws -> Lease {
        let id = state.withLock { $0.makeWaiterID() }
        let grant = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                // Reading the cancellation flag under the lock closes the race with onCancel,
                // which also takes the lock: either we see the flag, or it sees our waiter.
                let outcome = state.withLock {
                    $0.acquire(id: id, waiter: continuation, isCancelled: Task.isCancelled)
                }
                switch outcome {
                case .granted(let grant): continuation.resume(returning: grant)
                case .failed(let error): continuation.resume(throwing: error)
                case .wait: break
                }
            }
        } onCancel: {
            perform(state.withLock { $0.removeWaiter(id, error: CancellationError()) })
        }
        switch grant {
        case .idle(let connection):
            return Lease(connection: connection, wasIdle: true)
        case .handedOver(let connection):
            return Lease(connection: connection, wasIdle: false)
        case .connect:
            let number = connectionCounter.withLock { count in
                count += 1
                return count
            }
            do {
                let connection = try await PooledConnection.open(
                    configuration: configuration, logger: logger, label: "switchboard.postgres.connection-\(number)")
                return Lease(connection: connection, wasIdle: false)
            } catch {
                perform(state.withLock { $0.connectFailed() })
                throw error
            }
        }
    }

    /// Fails every waiter that has waited `acquireTimeout` with `.poolTimeout`.
    private func failOverdueWaiters() {
        let error = PostgresError(
            .poolTimeout, "no PostgreSQL connection became free within \(acquireTimeout) (all \(size) in use)")
        perform(
            state.withLock { $0.removeWaiters(waitingSince: waiterSweep.cutoff(for: acquireTimeout), error: error) })
    }

    /// Carries out what the state machine decided, outside the lock.
    private func perform(_ actions: [State.Action]) {
        for action in actions {
            switch action {
            case .resume(let waiter, let grant): waiter.resume(returning: grant)
            case .fail(let waiter, let error): waiter.resume(throwing: error)
            case .close(let connection): connection.close()
            }
        }
    }
}
