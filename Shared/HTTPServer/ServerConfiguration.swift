import HTTP1

/// Where a server listens and the bounds it keeps. Every default says why it is what it is.
public struct ServerConfiguration: Sendable {
    /// Bind address; CONTRACT §2: 0.0.0.0 unless BIND_ADDRESS says otherwise.
    public var host: String = "0.0.0.0"
    /// TCP port; 0 picks a free one (tests), read back from `HTTPServer.port`.
    public var port: Int = 8000
    /// Event loops (threads); one per core keeps every core busy without contention.
    public var loopCount: Int = 0
    /// Request head and body bounds (16 KiB head → 431, 1 MiB body → 413).
    public var parserLimits = HTTPParserLimits()
    /// A request head must arrive within this (CONTRACT §6: 10 s), so slowloris clients
    /// holding half-sent heads are dropped in bounded time.
    public var headTimeout: Duration = .seconds(10)
    /// A declared body must arrive within this; uploads here are small JSON.
    public var bodyTimeout: Duration = .seconds(30)
    /// Idle keep-alive connections are closed after this (CONTRACT §6: 60 s).
    public var idleTimeout: Duration = .seconds(60)
    /// A handler that takes longer gets a 503 (a dependency that is down answers within 5 s).
    public var handlerTimeout: Duration = .seconds(30)
    /// Open connections per process (HTTP and WebSocket); more are answered 503 and closed.
    /// CONTRACT §2: MAX_CONNECTIONS, 50,000 per hub instance.
    public var maxConnections: Int = 50_000
    /// Unsent response bytes per HTTP connection before the server stops reading from it.
    public var maxPendingWriteBytes: Int = 4 * 1024 * 1024
    /// WebSocket bounds and liveness.
    public var webSocket = WebSocketConfiguration()
    /// How often time-outs and idle pings are checked; a quarter of the shortest time-out
    /// would be finer than needed, one second is plenty for 10 s and 60 s limits.
    public var sweepInterval: Duration = .seconds(1)

    public init() {}
}

/// WebSocket limits and liveness settings.
public struct WebSocketConfiguration: Sendable {
    /// CONTRACT §6: a message over 64 KiB closes with 1009. The Autobahn echo raises it.
    public var maxMessageBytes: Int = 64 * 1024
    /// Bytes queued for one slow client before it is closed with 1013 ("try again later"):
    /// enough for a burst of a few hundred events, small enough that 50,000 clients
    /// cannot pin gigabytes.
    public var maxQueuedBytes: Int = 512 * 1024
    /// A client silent this long gets a ping.
    public var pingInterval: Duration = .seconds(30)
    /// A client silent this long after the ping was sent is dropped as dead.
    public var pongTimeout: Duration = .seconds(15)
    /// After sending a close frame, how long to wait for the peer's before closing TCP.
    public var closeTimeout: Duration = .seconds(5)

    public init() {}
}
