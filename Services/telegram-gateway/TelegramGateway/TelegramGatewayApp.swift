import Config
import HTTPServer
import Logging
import Redis

/// telegram-gateway, wired: receives Telegram updates (long polling or webhook), routes
/// each by the chat's mode, and is the suite's one sender of Telegram messages.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public final class TelegramGatewayApp: Sendable {
    /// The HTTP server.
    private let server: HTTPServer
    /// The Telegram side, nil without a token.
    private let telegram: TelegramSide?
    /// Timings and limits.
    private let options: GatewayOptions
    /// Where log lines go.
    private let logger: Logger

    /// The HTTP port bound.
    public var port: Int { server.port }

    /// Keeps the parts.
    private init(server: HTTPServer, telegram: TelegramSide?, options: GatewayOptions, logger: Logger) {
        self.server = server
        self.telegram = telegram
        self.options = options
        self.logger = logger
    }

    /// Builds the parts from `settings` and starts serving. Without TELEGRAM_TOKEN only the
    /// health endpoints run. `options` defaults to production timings.
    public static func start(settings: Settings, logger: Logger, options: GatewayOptions? = nil) async throws
        -> TelegramGatewayApp
    {
        let options = options ?? GatewayOptions(port: settings.gatewayPort)
        let redis = RedisClient(
            url: try RedisURL(settings.redisURL.absoluteString), poolSize: 8, logger: logger.child("redis"))
        let metrics = Metrics()
        var router = Router()
        router.addStandardRoutes(metrics: metrics, readiness: [ReadinessCheck("redis") { try await redis.ping() }])
        var telegram: TelegramSide?
        if let token = settings.telegramToken {
            telegram = TelegramSide(
                token: token, settings: settings, options: options, redis: redis, router: &router, metrics: metrics,
                logger: logger)
        } else {
            logger.warning("TELEGRAM_TOKEN is not set: the Telegram side is off; health endpoints only")
        }
        var configuration = ServerConfiguration()
        configuration.host = settings.bindAddress
        configuration.port = settings.gatewayPort
        configuration.maxConnections = settings.maxConnections
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        telegram?.start()
        logger.info("started", ["mode": .string(telegram == nil ? "off" : settings.telegramMode.rawValue)])
        return TelegramGatewayApp(server: server, telegram: telegram, options: options, logger: logger)
    }

    /// Graceful stop (CONTRACT §1): stop receiving, finish updates and sends in flight
    /// (what is left stays queued in Redis for the next start), then stop serving.
    public func shutdown() async {
        logger.info("stopping")
        await telegram?.stop(gracePeriod: options.shutdownGraceSeconds)
        await server.shutdown()
    }
}
