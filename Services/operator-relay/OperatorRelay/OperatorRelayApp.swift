import Config
import HTTPServer
import Logging

/// operator-relay, wired: Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public final class OperatorRelayApp: Sendable {
    private let server: HTTPServer
    private let logger: Logger

    /// The HTTP port bound.
    public var port: Int { server.port }

    private init(server: HTTPServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    /// Builds the parts from `settings` and starts serving.
    public static func start(settings: Settings, logger: Logger) async throws -> OperatorRelayApp {
        let metrics = Metrics()
        var router = Router()
        router.addStandardRoutes(metrics: metrics)
        var configuration = ServerConfiguration()
        configuration.host = settings.bindAddress
        configuration.port = settings.relayPort
        configuration.maxConnections = settings.maxConnections
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        return OperatorRelayApp(server: server, logger: logger)
    }

    /// Graceful stop (CONTRACT §1): stop accepting, finish in-flight work, close WebSockets with 1001.
    public func shutdown() async {
        logger.info("stopping")
        await server.shutdown()
    }
}
