/// Time limits and safety limits of one Redis connection.
public struct RedisConnectionOptions: Sendable, Hashable {
    /// How long connecting may take. 5 s because the contract says a dependency that is down
    /// must give an error within 5 s; a local server answers in microseconds.
    public var connectTimeout: Duration
    /// How long one read or write of a command may block. 5 s for the same reason; note that
    /// a blocking command (`BLPOP 10`) needs a larger value on its own connection.
    public var commandTimeout: Duration
    /// How many levels of arrays in arrays a reply may have. 16 is far above what any
    /// command returns (COMMAND, XREAD and EVAL results stay under 8) and keeps a hostile or
    /// broken server from making the copy recurse without bound.
    public var maxReplyDepth: Int

    /// Creates options; the defaults are the ones documented on each field.
    public init(
        connectTimeout: Duration = .seconds(5), commandTimeout: Duration = .seconds(5), maxReplyDepth: Int = 16
    ) {
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.maxReplyDepth = maxReplyDepth
    }
}
