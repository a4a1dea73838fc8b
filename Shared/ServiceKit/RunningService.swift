import HTTPServer
import Logging
import Synchronization

/// A service that serves: its HTTP server and the ordered steps of its graceful stop.
public final class RunningService: StoppableService {
    /// The HTTP server (its port, its loops).
    public let server: HTTPServer
    /// The stop's steps, before and after the server's own; more may be added while serving
    /// (parts that need the running server, such as a subscriber fanning out on its loops).
    private let steps: Mutex<(beforeServer: [StopStep], afterServer: [StopStep])>
    /// Where the service logs.
    private let logger: Logger

    /// The HTTP port bound.
    public var port: Int { server.port }

    /// Keeps the parts; made by `ServiceSkeleton.serve()`.
    init(server: HTTPServer, beforeServer: [StopStep], afterServer: [StopStep], logger: Logger) {
        self.server = server
        self.steps = Mutex((beforeServer, afterServer))
        self.logger = logger
    }

    /// Adds `step` to the stop, after the steps of `phase` added before it.
    public func onStop(_ phase: StopPhase, _ step: @escaping StopStep) {
        steps.withLock { steps in
            switch phase {
            case .beforeServer: steps.beforeServer.append(step)
            case .afterServer: steps.afterServer.append(step)
            }
        }
    }

    /// Graceful stop (CONTRACT §1): the steps before the server, the server's own stop
    /// (stop accepting, finish in-flight requests, close WebSockets with 1001), the steps after.
    public func shutdown() async {
        logger.info("stopping")
        let (beforeServer, afterServer) = steps.withLock { $0 }
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

/// A service's public face, for main.swift and tests: the `RunningService` its `start` made,
/// with its port and its graceful stop.
public protocol ServiceApp: StoppableService {
    /// The running skeleton.
    var service: RunningService { get }
}

extension ServiceApp {
    /// The HTTP port bound.
    public var port: Int { service.port }

    /// Graceful stop (CONTRACT §1), in the order the service's `start` set.
    public func shutdown() async { await service.shutdown() }
}
