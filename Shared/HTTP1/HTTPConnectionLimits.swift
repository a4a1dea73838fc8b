/// The time-outs and the output bound one HTTP/1.1 connection keeps, in nanoseconds and bytes.
/// The server fills them from its configuration, where each default says why it is what it is.
public struct HTTPConnectionLimits: Sendable {
    /// Request head and body bounds (16 KiB head → 431, 1 MiB body → 413).
    public var parser = HTTPParserLimits()
    /// From a request's first byte to its complete head (→ 408).
    public var headTimeout: UInt64 = 10_000_000_000
    /// From a request's first byte to its complete declared body (→ 408).
    public var bodyTimeout: UInt64 = 30_000_000_000
    /// An idle keep-alive connection is closed after this; also how long a client that
    /// stops reading its responses is kept.
    public var idleTimeout: UInt64 = 60_000_000_000
    /// A handler that has not answered by then gets a 503; a stream that produced nothing
    /// for this long is abandoned.
    public var handlerTimeout: UInt64 = 30_000_000_000
    /// Unsent response bytes before the connection stops reading requests (and a stream
    /// stops being fed).
    public var maxPendingWriteBytes: Int = 4 * 1024 * 1024

    public init() {}
}
