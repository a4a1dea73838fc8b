import EventLoop
import Foundation
import HTTP1
import Logging

/// An HTTP/1.1 and WebSocket server: one epoll loop per core, each with its own
/// SO_REUSEPORT listening socket, so the kernel spreads connections and no lock is
/// shared on the hot path.
public final class HTTPServer: Sendable {
    private let core: ServerCore
    private let group: EventLoopGroup
    private let contexts: [LoopContext]
    /// The port bound (useful when the configuration asked for port 0).
    public let port: Int

    /// Binds and starts serving `router`. Throws if the port cannot be bound.
    public init(configuration: ServerConfiguration, router: Router, metrics: Metrics = Metrics(), logger: Logger) throws
    {
        var configuration = configuration
        if configuration.loopCount <= 0 { configuration.loopCount = EventLoopGroup.availableCores }
        let core = ServerCore(configuration: configuration, router: router, metrics: metrics, logger: logger)
        self.core = core
        group = try EventLoopGroup(count: configuration.loopCount)
        contexts = group.loops.map { LoopContext(loop: $0, server: core) }
        // The first socket picks the port when 0 was asked for; the others share it.
        let first = try ListeningSocket(host: configuration.host, port: configuration.port, reusePort: true)
        var sockets = [first]
        for _ in 1..<contexts.count {
            sockets.append(try ListeningSocket(host: configuration.host, port: first.port, reusePort: true))
        }
        port = first.port
        metrics.gauge("http_connections_open", help: "Open client connections (HTTP and WebSocket).") {
            Double(core.connectionCount)
        }
        metrics.gauge("websocket_connections_open", help: "Open WebSocket connections.") { Double(core.webSocketCount) }
        for (context, socket) in zip(contexts, sockets) {
            let acceptor = try Acceptor(socket: socket, context: context)
            context.acceptor = acceptor
            context.loop.scheduleRepeating(every: ServerCore.nanoseconds(configuration.sweepInterval)) {
                context.sweep()
            }
        }
        group.start()
        logger.info(
            "listening", ["host": .string(configuration.host), "port": .int(port), "loops": .int(contexts.count)])
    }

    /// Open connections, HTTP and WebSocket.
    public var connectionCount: Int { core.connectionCount }

    /// The loops, e.g. to group WebSockets by loop for broadcasts.
    public var loops: [EventLoop] { group.loops }

    /// Graceful stop: stop accepting, let requests in flight finish, close WebSockets with
    /// 1001, then close what is left after `gracePeriod` seconds and stop the loops.
    public func shutdown(gracePeriod: Double = 10) async {
        for context in contexts {
            context.loop.execute {
                context.acceptor?.close()
                context.acceptor = nil
                context.beginShutdown()
            }
        }
        let deadline = Date().addingTimeInterval(gracePeriod)
        while core.connectionCount > 0 && Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        for context in contexts {
            context.loop.execute { context.forceCloseAll() }
        }
        try? await Task.sleep(nanoseconds: 20_000_000)
        group.stop()
        core.logger.info("stopped")
    }
}
