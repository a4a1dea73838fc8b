import Config
import Logging
import Postgres
import Synchronization

/// PostgreSQL as the handlers use it: the pool, an answer deadline on every call, and
/// "the database is down" turned into `StoreError` (which the HTTP layer answers with 503).
final class Database: Sendable {
    /// The connections.
    let pool: PostgresPool
    /// How long a call may take before the client gets 503 (CONTRACT §6: within 5 s); the
    /// pool enforces it (`PostgresPool` call deadline), waiting for a connection included.
    let deadline: Duration
    /// False until the migrations have been applied: calls answer 503 meanwhile (the
    /// service starts even when PostgreSQL is down, and catches up when it comes back).
    private let schemaReady = Atomic(false)
    /// Where the reasons of 503s go: libpq's messages name hosts and users, for operators,
    /// not for whoever called the API.
    private let logger: Logger

    /// A database over `pool` whose calls answer within `deadline`.
    init(pool: PostgresPool, deadline: Duration, logger: Logger = Logger(label: "database")) {
        self.pool = pool
        self.deadline = deadline
        self.logger = logger
    }

    /// Whether the schema is in place.
    var isSchemaReady: Bool { schemaReady.load(ordering: .acquiring) }

    /// Marks the schema as in place: calls go through from now on.
    func markSchemaReady() { schemaReady.store(true, ordering: .releasing) }

    /// Runs `body` (blocking libpq calls, on the connection's own queue) on one connection.
    func run<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> Value) async throws -> Value {
        try await guarded { [pool] in try await pool.withConnection(body) }
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    func transaction<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws -> Value
    ) async throws -> Value {
        try await guarded { [pool] in try await pool.transaction(body) }
    }

    /// Runs one statement and returns its rows.
    func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresRows {
        try await guarded { [pool] in try await pool.query(sql, parameters) }
    }

    /// The readiness check: a round trip, and the schema in place.
    func checkReady() async throws {
        _ = try await pool.query("SELECT 1")
        guard isSchemaReady else { throw StoreError.schemaNotReady }
    }

    /// Maps connection failures and a missed deadline (the pool's call deadline) to
    /// `StoreError`s.
    private func guarded<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        guard isSchemaReady else {
            throw StoreError.schemaNotReady
        }
        do {
            return try await work()
        } catch let error as PostgresError {
            switch error.kind {
            case .connectionFailure, .poolTimeout, .poolClosed:
                logger.warning("database unavailable", ["error": .string(SecretMasking.masked(error.message))])
                throw StoreError.databaseUnavailable
            case .deadlineExceeded:
                throw StoreError.databaseTimedOut(deadline)
            default:
                throw error
            }
        }
    }
}
