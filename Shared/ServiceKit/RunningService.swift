import HTTPServer
import Logging

/// A service that serves: its HTTP server and the ordered steps of its graceful stop.
public final class RunningService: StoppableService {
    /// The HTTP server (its port, its loops).
    public let server: HTTPServer
    /// Steps before the server stops, in order.
    private let beforeServer: [StopStep]
    /// Steps after the server stopped, in order.
    private let afterServer: [StopStep]
    /// Where the service logs.
    private let logger: Logger

    /// The HTTP port bound.
    public var port: Int { server.port }

    /// Keeps the parts; made by `ServiceSkeleton.serve()`.
    init(server: HTTPServer, beforeServer: [StopStep], afterServer: [StopStep], logger: Logger) {
        self.server = server
        self.beforeServer = beforeServer
        self.afterServer = afterServer
        self.logger = logger
    }

    /// Graceful stop (CONTRACT §1): the steps before the server, the server's own stop
    /// (stop accepting, finish in-flight requests, close WebSockets with 1001), the steps after.
    public func shutdown() async {
        logger.info("stopping")
        for step in beforeServer { await step() }
        await server.shutdown()
        for step in afterServer { await step() }
    }
}

/// What `ServiceMain` stops on SIGTERM/SIGINT: a started service.
public protocol StoppableService: Sendable {
    /// Stops gracefully (CONTRACT §1).
    func shutdown() async
}
