import Dispatch
import Logging

/// A `PostgresConnection` confined to its own serial dispatch queue, where every blocking
/// libpq call on it runs.
final class PooledConnection: @unchecked Sendable {
    // @unchecked is safe: `connection` is only touched inside blocks on `queue`, which is
    // serial, and the pool leases a PooledConnection to one caller at a time.
    /// The connection; use only on `queue`.
    private let connection: PostgresConnection
    /// The serial queue all work on `connection` runs on.
    private let queue: DispatchQueue

    /// Wraps a connection opened on `queue`.
    private init(connection: PostgresConnection, queue: DispatchQueue) {
        self.connection = connection
        self.queue = queue
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
    /// back, so the next caller starts clean.
    func run<Value: Sendable>(
        checkingIdleHealth: Bool, _ body: @escaping @Sendable (PostgresConnection) throws -> Value
    ) async -> Outcome<Value> {
        await withCheckedContinuation { continuation in
            queue.async {
                let connection = self.connection
                if checkingIdleHealth && !connection.isAliveAfterIdling() {
                    let error = PostgresError(
                        .connectionFailure,
                        "PostgreSQL connection to \(connection.configuration.url.endpoint) was closed by the server "
                            + "while idle"
                    )
                    continuation.resume(
                        returning: Outcome(result: .failure(error), isReusable: false, reachedServer: false))
                    return
                }
                let answeredBefore = connection.answeredStatementCount
                let result = Result { try body(connection) }
                if connection.transactionState != .idle && connection.isOpen {
                    connection.logger.warning("postgres: rolling back a transaction left open on a pooled connection")
                    _ = try? connection.execute("ROLLBACK")
                }
                continuation.resume(
                    returning: Outcome(
                        result: result, isReusable: connection.isOpen && connection.transactionState == .idle,
                        reachedServer: connection.answeredStatementCount != answeredBefore))
            }
        }
    }

    /// Closes the connection on its queue (after any work still queued there).
    func close() {
        queue.async { self.connection.close() }
    }
}
