import ChatState
import Config
import Events
import Foundation
import HTTPServer
import Logging
import Postgres
import Redis

/// ingest-api, wired: HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public final class IngestAPIApp: Sendable {
    /// The HTTP server.
    private let server: HTTPServer
    /// Where the service logs.
    private let logger: Logger
    /// The PostgreSQL pool, closed at shutdown.
    private let pool: PostgresPool
    /// The background migration retry, when PostgreSQL was down at start.
    private let bootstrapRetry: Task<Void, Never>?
    /// Publishes the outbox; stopped at shutdown after a last turn.
    private let drainer: OutboxDrainer

    /// The HTTP port bound.
    public var port: Int { server.port }

    /// Holds the running parts.
    private init(
        server: HTTPServer, logger: Logger, pool: PostgresPool, bootstrapRetry: Task<Void, Never>?, drainer: OutboxDrainer
    ) {
        self.drainer = drainer
        self.server = server
        self.logger = logger
        self.pool = pool
        self.bootstrapRetry = bootstrapRetry
    }

    /// Builds the parts from `settings`, migrates and loads the FAQ (retrying in the
    /// background while PostgreSQL is unreachable), and starts serving.
    public static func start(settings: Settings, logger: Logger, options: IngestOptions = IngestOptions()) async throws
        -> IngestAPIApp
    {
        let parts = try IngestParts(settings: settings, logger: logger, options: options)
        let bootstrapRetry = try await parts.bootstrap.run()
        let metrics = Metrics()
        let context = try parts.context(metrics: metrics)
        let drainer = parts.drainer
        metrics.gauge("outbox_events_published", help: "Outbox events this instance published to Redis.") {
            Double(drainer.publishedCount)
        }
        metrics.gauge("outbox_drainer_holder", help: "1 while this instance holds the outbox drainer's lease.") {
            drainer.isHolder ? 1 : 0
        }
        drainer.start()
        var router = Router()
        router.addStandardRoutes(
            metrics: metrics,
            readiness: [
                ReadinessCheck("postgres") { try await parts.database.checkReady() },
                ReadinessCheck("redis") { try await parts.redis.ping() },
            ])
        APIRoutes.register(on: &router, context: context)
        var configuration = ServerConfiguration()
        configuration.host = settings.bindAddress
        configuration.port = settings.ingestPort
        configuration.maxConnections = settings.maxConnections
        configuration.loopCount = options.loopCount
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        logger.info("listening", ["port": .int(server.port), "llm": .bool(parts.model != nil)])
        return IngestAPIApp(
            server: server, logger: logger, pool: parts.database.pool, bootstrapRetry: bootstrapRetry,
            drainer: parts.drainer)
    }

    /// Applies the migrations and exits: `ingest-api migrate`.
    public static func migrate(settings: Settings, logger: Logger) async throws {
        let pool = PostgresPool(
            configuration: try PostgresConfiguration(url: settings.databaseURL.absoluteString), size: 1, logger: logger)
        defer { pool.close() }
        guard let directory = ShippedResources.migrations else { throw StartupError("the migrations are not shipped") }
        let applied = try await Migrator(directory: directory, logger: logger).migrate(using: pool)
        logger.info("migrated", ["applied": .int(applied.count)])
    }

    /// Graceful stop (CONTRACT §1): stop accepting, finish in-flight work, close WebSockets with 1001.
    public func shutdown() async {
        logger.info("stopping")
        bootstrapRetry?.cancel()
        await server.shutdown()
        // What the last requests stored goes out now rather than after the lease expires.
        await drainer.stop()
        pool.close()
    }
}
