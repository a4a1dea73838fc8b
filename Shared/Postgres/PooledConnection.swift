import Dispatch
import EventLoop
import Logging

/// A `PostgresConnection` with its own serial dispatch queue, where its blocking libpq
/// calls run; a single statement from an event loop may instead wait on that loop
/// (`runOnLoop`).
final class PooledConnection: @unchecked Sendable {
    // @unchecked is safe: the pool leases a PooledConnection to one caller at a time, and
    // during a lease `connection` is touched either inside blocks on `queue` (serial) or on
    // the caller's loop thread by `runOnLoop`, never both; the pool's lock orders one lease
    // after the other. `close()` is only called when no lease holds it.
    /// The connection; use only on `queue`, or on a loop during a `runOnLoop` lease.
    private let connection: PostgresConnection
    /// The serial queue blocking work on `connection` runs on.
    private let queue: DispatchQueue
    /// "host:port", for messages.
    private let endpoint: String

    /// Wraps a connection opened on `queue`.
    private init(connection: PostgresConnection, queue: DispatchQueue) {
        self.connection = connection
        self.queue = queue
        endpoint = connection.configuration.url.endpoint
    }

    /// Opens a connection on a new queue of its own, without blocking the caller's thread.
    static func open(configuration: PostgresConfiguration, logger: Logger, label: String) async throws
        -> PooledConnection
    {
        let queue = DispatchQueue(label: label)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    let connection = try PostgresConnection(configuration: configuration, logger: logger)
                    continuation.resume(returning: PooledConnection(connection: connection, queue: queue))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// What happened during one lease.
    struct Outcome<Value: Sendable>: Sendable {
        /// The body's value or error.
        var result: Result<Value, any Error>
        /// False if the connection must not go back to the pool (closed or broken).
        var isReusable: Bool
        /// True if at least one statement got an answer from the server during the lease.
        var reachedServer: Bool
    }

    /// Runs `body` on this connection's queue and reports how it went.
    ///
    /// With `checkingIdleHealth`, a connection the server closed while it sat idle fails
    /// with `.connectionFailure` before `body` runs. A transaction `body` left open is rolled
    /// back, so the next caller starts clean. With a `watch`, a call still running at its
    /// deadline (counted from `requestedAt`) is answered `.deadlineExceeded` (the connection
    /// then counts as not reusable: the pool closes it, after the stuck call returns).
    func run<Value: Sendable>(
        checkingIdleHealth: Bool, watch: CallWatch?, requestedAt: ContinuousClock.Instant,
        _ body: @escaping @Sendable (PostgresConnection) throws -> Value
    ) async -> Outcome<Value> {
        await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let callID = watch?.start(at: requestedAt) { [endpoint = endpoint] in
                let error = Self.deadlineError(endpoint: endpoint, watch: watch)
                // reachedServer true: the statement may well be running; never retried.
                answer.resume(Outcome(result: .failure(error), isReusable: false, reachedServer: true))
            }
            queue.async {
                let outcome = self.runHere(checkingIdleHealth: checkingIdleHealth, body)
                if let callID { watch?.finish(callID) }
                answer.resume(outcome)
            }
        }
    }

    /// Runs one statement on `loop`, which must be the calling thread's, without blocking it
    /// (`LoopStatement`); otherwise as `run`. The deadline's early answer is given on the
    /// loop too, after the statement stopped watching the socket, so the pool may close the
    /// connection at once.
    func runOnLoop(
        _ loop: EventLoop, checkingIdleHealth: Bool, watch: CallWatch?, requestedAt: ContinuousClock.Instant,
        sql: String, parameters: [PostgresValue]
    ) async -> Outcome<PostgresRows> {
        await withCheckedContinuation { continuation in
            // Runs right here, on the loop's thread: the connection is ours for the lease.
            let connection = self.connection
            if checkingIdleHealth, let died: Outcome<PostgresRows> = diedWhileIdle() {
                continuation.resume(returning: died)
                return
            }
            let statement: LoopStatement
            do {
                statement = try LoopStatement(connection: connection, loop: loop, sql: sql, parameters: parameters)
            } catch {
                continuation.resume(returning: Outcome(result: .failure(error), isReusable: true, reachedServer: false))
                return
            }
            let answeredBefore = connection.answeredStatementCount
            let callID = watch?.start(at: requestedAt) { [endpoint = endpoint] in
                let error = Self.deadlineError(endpoint: endpoint, watch: watch)
                loop.execute { statement.expire(error) }
            }
            statement.start { result in
                if let callID { watch?.finish(callID) }
                var expired = false
                if case .failure(let error as PostgresError) = result { expired = error.kind == .deadlineExceeded }
                continuation.resume(
                    returning: Outcome(
                        result: result,
                        isReusable: !expired && connection.isOpen && connection.transactionState == .idle,
                        // A deadline: the statement may well be running; never retried.
                        reachedServer: expired || connection.answeredStatementCount != answeredBefore))
            }
        }
    }

    /// The outcome of a lease whose connection the server closed while it sat idle; nil
    /// while it is alive. Call where the connection may be touched (its queue, or its loop).
    private func diedWhileIdle<Value: Sendable>() -> Outcome<Value>? {
        guard !connection.isAliveAfterIdling() else { return nil }
        let error = PostgresError(
            .connectionFailure, "PostgreSQL connection to \(endpoint) was closed by the server while idle")
        return Outcome(result: .failure(error), isReusable: false, reachedServer: false)
    }

    /// The error of a call that ran past `watch`'s deadline.
    private static func deadlineError(endpoint: String, watch: CallWatch?) -> PostgresError {
        PostgresError(
            .deadlineExceeded,
            "PostgreSQL at \(endpoint) did not answer within \(watch.map { "\($0.deadline)" } ?? "the deadline")")
    }

    /// `run`'s work, on the queue.
    private func runHere<Value: Sendable>(
        checkingIdleHealth: Bool, _ body: (PostgresConnection) throws -> Value
    ) -> Outcome<Value> {
        let connection = self.connection
        if checkingIdleHealth, let died: Outcome<Value> = diedWhileIdle() { return died }
        let answeredBefore = connection.answeredStatementCount
        let result = Result { try body(connection) }
        if connection.transactionState != .idle && connection.isOpen {
            connection.logger.warning("postgres: rolling back a transaction left open on a pooled connection")
            _ = try? connection.execute("ROLLBACK")
        }
        return Outcome(
            result: result, isReusable: connection.isOpen && connection.transactionState == .idle,
            reachedServer: connection.answeredStatementCount != answeredBefore)
    }

    /// Closes the connection on its queue (after any work still queued there).
    func close() {
        queue.async { self.connection.close() }
    }
}
