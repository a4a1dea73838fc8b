import Logging

/// The async Redis API the services use: a small bounded pool of blocking connections.
///
/// Concurrency model: hiredis is a blocking library, so each pooled connection has its own
/// serial `DispatchQueue`, and every hiredis call for that connection runs on that queue:
/// never on Swift's cooperative thread pool (which must not block) and never on an HTTP
/// event-loop thread. An `async` call takes a free connection (or waits for one without
/// blocking a thread, first come first served), submits the blocking work to the
/// connection's queue and suspends in `withCheckedThrowingContinuation` until the queue
/// resumes it with the reply. At most `poolSize` commands are in flight at once; the pool
/// size is also the number of extra threads Redis work can occupy.
///
/// Connections are made on first use. A connection that broke (I/O error, time-out, or the
/// server closed it while idle) is discarded and replaced on the next use, so after
/// `redis-server` restarts only the command in flight at that moment fails. Commands are
/// never retried: a command whose reply was lost may or may not have run.
///
/// Pub/sub does not go through the pool: use `RedisSubscriber`.
public final class RedisClient: Sendable {
    /// The server, as given.
    public let url: RedisURL
    /// How many connections the pool may hold.
    public let poolSize: Int
    /// The seats and the line of waiting tasks.
    private let pool: ConnectionPool

    /// Creates a client; it does not connect until the first command.
    ///
    /// `poolSize` below 1 is treated as 1. The defaults of `options` make a server that is
    /// down fail each command within 5 s.
    public init(
        url: RedisURL, poolSize: Int = 4, options: RedisConnectionOptions = RedisConnectionOptions(),
        logger: Logger = Logger(label: "redis")
    ) {
        self.url = url
        self.poolSize = max(1, poolSize)
        self.pool = ConnectionPool(size: self.poolSize, url: url, options: options, logger: logger)
    }

    /// Sends one command, for example `send("SET", key, value)`, and returns its reply.
    ///
    /// An error reply throws `RedisError.server` with the server's message.
    public func send(_ arguments: RedisArgument...) async throws -> RedisReply {
        try await send(arguments)
    }

    /// Sends one command given as an array of arguments and returns its reply.
    public func send(_ arguments: [RedisArgument]) async throws -> RedisReply {
        try await pool.withConnection { connection in try connection.command(arguments) }
    }

    /// Sends the commands in one round trip on one connection; replies come back in order,
    /// error replies in place as `.error`. `MULTI` … `EXEC` inside one pipeline is a transaction.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisReply] {
        try await pool.withConnection { connection in try connection.pipeline(commands) }
    }

    /// Runs `body` with one pooled connection on that connection's queue, for sequences that
    /// need the same connection throughout (for example `WATCH` … `EXEC`).
    ///
    /// `body` blocks a pool seat while it runs; leave the connection as you found it (no
    /// open `MULTI`, no `SELECT` of another database).
    public func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (RedisConnection) throws -> Result
    ) async throws -> Result {
        try await pool.withConnection(body)
    }
}
