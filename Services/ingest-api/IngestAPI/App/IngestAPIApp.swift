import Config
import Foundation
import HTTPServer
import Logging
import Postgres
import ServiceKit

/// ingest-api, wired: HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public struct IngestAPIApp: ServiceApp {
    /// The HTTP side and the ordered stop.
    public let service: RunningService

    /// Builds the parts from `settings`, migrates and loads the FAQ (retrying in the
    /// background while PostgreSQL is unreachable), and starts serving.
    public static func start(settings: Settings, logger: Logger, options: IngestOptions = IngestOptions()) async throws
        -> IngestAPIApp
    {
        var skeleton = ServiceSkeleton(.ingestAPI, settings: settings, logger: logger)
        skeleton.configuration.loopCount = options.loopCount
        let parts = try IngestParts(settings: settings, redis: try skeleton.redis(), logger: logger, options: options)
        skeleton.readiness.append(ReadinessCheck("postgres") { try await parts.database.checkReady() })
        let bootstrapRetry = try await parts.bootstrap.run()
        let context = try parts.context(metrics: skeleton.metrics)
        let drainer = parts.drainer
        skeleton.metrics.gauge("outbox_events_published", help: "Outbox events this instance published to Redis.") {
            Double(drainer.publishedCount)
        }
        skeleton.metrics.gauge("outbox_drainer_holder", help: "1 while this instance holds the outbox drainer's lease.")
        {
            drainer.isHolder ? 1 : 0
        }
        drainer.start()
        APIRoutes.register(on: &skeleton.router, context: context)
        skeleton.onStop(.beforeServer) { bootstrapRetry?.cancel() }
        // What the last requests stored goes out now rather than after the lease expires.
        skeleton.onStop(.afterServer) { await drainer.stop() }
        skeleton.onStop(.afterServer) { parts.database.pool.close() }
        let service = try skeleton.serve()
        // The server logged "listening"; this says what answers.
        logger.info("started", ["port": .int(service.port), "llm": .bool(parts.model != nil)])
        return IngestAPIApp(service: service)
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
}
