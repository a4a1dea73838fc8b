import EventLoop
import Config
import Events
import Foundation
import HTTPServer
import Logging
import Redis

/// notify-hub, wired: the event feed from Redis, the dashboards' hub and the HTTP server.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public final class NotifyHubApp: Sendable {
    private let server: HTTPServer
    private let subscriber: RedisSubscriber
    private let logger: Logger
    public let hub: DashboardHub

    /// The HTTP port bound.
    public var port: Int { server.port }

    private init(server: HTTPServer, subscriber: RedisSubscriber, hub: DashboardHub, logger: Logger) {
        self.server = server
        self.subscriber = subscriber
        self.hub = hub
        self.logger = logger
    }

    /// Builds the parts from `settings` and starts serving.
    public static func start(settings: Settings, logger: Logger, loopCount: Int = 0) async throws -> NotifyHubApp {
        let redisURL = try RedisURL(settings.redisURL.absoluteString)
        let redis = RedisClient(url: redisURL, logger: logger.child("redis"))
        let keys = EventKeys(channel: settings.eventsChannel)
        var configuration = ServerConfiguration()
        configuration.host = settings.websocketServer
        configuration.port = settings.websocketPort
        configuration.maxConnections = settings.maxConnections
        configuration.loopCount = loopCount > 0 ? loopCount : EventLoopGroup.availableCores
        let hub = DashboardHub(loopCount: configuration.loopCount, log: EventLog(redis: redis, keys: keys), logger: logger)
        let metrics = Metrics()
        var router = Router()
        router.addStandardRoutes(metrics: metrics, readiness: [ReadinessCheck("redis") { _ = try await redis.send("PING") }])
        router.addNotifyRoute(
            path: settings.websocketPath, token: AdminToken(expected: settings.adminAPIToken), hub: hub,
            replies: RedisOperatorReplySink(redis: redis))
        metrics.gauge("notify_dashboards_open", help: "Dashboards connected to /notify on this instance.") {
            Double(hub.connectionCount)
        }
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        hub.attach(loops: server.loops)
        let subscriber = try RedisSubscriber(url: redisURL, logger: logger.child("events")) {
            Task { await hub.catchUp() }
        }
        try await subscriber.subscribe([keys.channel]) { _, message in hub.publish(message) }
        return NotifyHubApp(server: server, subscriber: subscriber, hub: hub, logger: logger)
    }

    /// Graceful stop (CONTRACT §1): stop accepting, close WebSockets with 1001, stop the feed.
    public func shutdown() async {
        logger.info("stopping")
        await server.shutdown()
        subscriber.stop()
    }
}
