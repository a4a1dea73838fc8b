import Config
import HTTPServer
import Logging
import Redis

/// One service being put together, the same way for all four: the server configuration
/// from the settings, metrics, a router that gets the standard routes (/healthz, /readyz,
/// /metrics), the checks /readyz runs, and the ordered steps of the stop. A service adds
/// only its own parts (routes, readiness, stop steps), then calls `serve()`.
public struct ServiceSkeleton {
    /// Which service: its port setting and log label.
    public let service: ServiceName
    /// The settings of CONTRACT §2.
    public let settings: Settings
    /// Where the service logs.
    public let logger: Logger
    /// The counters and gauges /metrics shows.
    public let metrics = Metrics()
    /// The service's own routes; the standard ones are added by `serve()`.
    public var router = Router()
    /// What /readyz checks.
    public var readiness: [ReadinessCheck] = []
    /// Where the server listens and its bounds: the service's address and port setting and
    /// MAX_CONNECTIONS; a service may change the rest (loop count).
    public var configuration = ServerConfiguration()
    /// The stop's steps before the server stops (`StopPhase.beforeServer`), in order.
    private var stopsBeforeServer: [StopStep] = []
    /// The stop's steps after the server stopped (`StopPhase.afterServer`), in order.
    private var stopsAfterServer: [StopStep] = []

    /// A skeleton for `service`, listening where its settings say.
    public init(_ service: ServiceName, settings: Settings, logger: Logger) {
        self.service = service
        self.settings = settings
        self.logger = logger
        let address = settings.listenAddress(of: service)
        configuration.host = address.host
        configuration.port = address.port
        configuration.maxConnections = settings.maxConnections
    }

    /// A Redis client on REDIS_URL with `poolSize` connections, checked by /readyz.
    public mutating func redis(poolSize: Int = 4) throws -> RedisClient {
        let redis = RedisClient(
            url: try RedisURL(settings.redisURL.absoluteString), poolSize: poolSize, logger: logger.child("redis"))
        readiness.append(ReadinessCheck("redis") { try await redis.ping() })
        return redis
    }

    /// Adds `step` to the stop, after the steps of `phase` added before it.
    public mutating func onStop(_ phase: StopPhase, _ step: @escaping StopStep) {
        switch phase {
        case .beforeServer: stopsBeforeServer.append(step)
        case .afterServer: stopsAfterServer.append(step)
        }
    }

    /// Adds the standard routes and binds: the service is serving when this returns.
    public func serve() throws -> RunningService {
        var router = router
        router.addStandardRoutes(metrics: metrics, readiness: readiness)
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        return RunningService(
            server: server, beforeServer: stopsBeforeServer, afterServer: stopsAfterServer, logger: logger)
    }
}

/// One step of a graceful stop.
public typealias StopStep = @Sendable () async -> Void

/// When a stop step runs, relative to the server's own stop (stop accepting, finish the
/// requests in flight, close WebSockets with 1001).
public enum StopPhase: Sendable {
    /// Before: stop what brings work in other than HTTP (pollers, stream readers), and let
    /// it finish what it holds.
    case beforeServer
    /// After: release what requests in flight still used (publishers, pools, subscribers).
    case afterServer
}
