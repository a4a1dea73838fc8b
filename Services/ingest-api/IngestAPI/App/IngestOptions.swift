import Config
import Foundation

/// Tunables of ingest-api that are not settings of the contract: defaults for production,
/// shortened by tests.
public struct IngestOptions: Sendable {
    /// A database call answered later than this gets 503 (CONTRACT §6: within 5 s).
    public var databaseDeadline: Duration = .seconds(5)
    /// PostgreSQL connect time-out: below the deadline, so "down" is reported as such.
    public var databaseConnectTimeout: Duration = .seconds(3)
    /// Pooled PostgreSQL connections. More is not faster: past about two per database core,
    /// backends only queue for CPU and row locks. Bench, 2 cores shared with the database,
    /// 64 client connections, medians of 3 interleaved 5 s rounds of the bench/ingest loads
    /// against builds differing only here (statements on the event loops): FAQ hits
    /// 8 → 2,414 req/s, 6 → 2,750, 4 → 2,884; ticket misses 8 → 2,431, 6 → 2,647, 4 → 2,438.
    /// (Earlier, statements on connection queues: 16 → about 1,900, 8 → 2,250, 4 → 2,300.)
    /// 6 keeps some room for a database with cores of its own.
    public var databasePoolSize = 6
    /// The model's time limit per answer; under the server's 30 s handler limit.
    public var modelTimeout: Duration = .seconds(20)
    /// How long an Idempotency-Key claimed by a request that never answered blocks repeats
    /// (409) before a repeat may take it over: longer than any answer takes (model time-out).
    public var requestKeyAbandon: Duration = .seconds(60)
    /// Earlier messages of the chat given to the model.
    public var modelHistoryCount = 10
    /// The pause after which a chat's next message starts a new session.
    public var sessionIdle: Duration = .seconds(30 * 60)
    /// How often start-up retries the migrations while PostgreSQL is unreachable.
    public var migrationRetryInterval: Duration = .seconds(2)
    /// The classification rules; nil: the shipped file.
    public var classificationRulesURL: URL?
    /// Event loops of the HTTP server; 0: one per core.
    public var loopCount = 0
    /// How long the outbox drainer's lease lasts unrenewed: how soon another instance
    /// publishes the outbox after the holder died.
    public var outboxLeaseDuration: Duration = .seconds(5)

    /// Wrong admin (or internal) tokens per client address per minute, that many at once
    /// (ADMIN_TOKEN_FAILURES_PER_MINUTE, as notify-hub): past them the address gets 429 at
    /// the admin API until its budget refills, so the token cannot be guessed at network speed.
    public var adminFailuresPerMinute = Int(SettingSpec.adminTokenFailuresPerMinute.defaultValue ?? "") ?? 10

    /// The production defaults.
    public init() {}

    /// The defaults, with what the environment (and `.env`) sets of them.
    public init(_ source: SettingsSource) throws(ConfigError) {
        adminFailuresPerMinute = try source.integer(.adminTokenFailuresPerMinute, in: 1...1_000_000)
    }
}
