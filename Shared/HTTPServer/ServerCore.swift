import EventLoop
import HTTP1
import Logging
import Synchronization

/// What every loop of one server shares: configuration, routes, metrics, the logger and
/// the connection count. Immutable but for atomics, so it is safe from any thread.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let metrics: Metrics
    let logger: Logger
    /// The per-connection bounds, converted once from the configuration.
    let connectionLimits: HTTPConnectionLimits
    private let openConnections = Atomic<Int>(0)
    private let openWebSockets = Atomic<Int>(0)

    init(configuration: ServerConfiguration, router: Router, metrics: Metrics, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.metrics = metrics
        self.logger = logger
        var limits = HTTPConnectionLimits()
        limits.parser = configuration.parserLimits
        limits.headTimeout = Self.nanoseconds(configuration.headTimeout)
        limits.bodyTimeout = Self.nanoseconds(configuration.bodyTimeout)
        limits.idleTimeout = Self.nanoseconds(configuration.idleTimeout)
        limits.handlerTimeout = Self.nanoseconds(configuration.handlerTimeout)
        limits.maxPendingWriteBytes = configuration.maxPendingWriteBytes
        connectionLimits = limits
    }

    var connectionCount: Int { openConnections.load(ordering: .relaxed) }
    var webSocketCount: Int { openWebSockets.load(ordering: .relaxed) }

    /// Counts a new connection unless the limit is reached; false means refuse it.
    func admitConnection() -> Bool {
        let count = openConnections.add(1, ordering: .relaxed).newValue
        if count > configuration.maxConnections {
            openConnections.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func connectionClosed() { openConnections.subtract(1, ordering: .relaxed) }
    func webSocketOpened() { openWebSockets.add(1, ordering: .relaxed) }
    func webSocketClosed() { openWebSockets.subtract(1, ordering: .relaxed) }

    /// Nanoseconds of a time span, for the loops' monotonic deadlines.
    static func nanoseconds(_ span: Duration) -> UInt64 { MonotonicClock.nanoseconds(span) }
}
