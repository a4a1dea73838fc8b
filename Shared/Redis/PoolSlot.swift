import Dispatch
import Logging

/// One seat of the pool: a serial dispatch queue and the connection that only it touches.
///
/// The connection is made on first use and remade on the next use after it broke, so a
/// server restart costs at most the command that was in flight.
///
/// `@unchecked Sendable` is safe because the only mutable state, `connection`, is read and
/// written exclusively by blocks running on `queue`, which is serial (checked by
/// `dispatchPrecondition`); everything else is immutable.
final class PoolSlot: @unchecked Sendable {
    /// The dedicated thread of this seat: blocking hiredis calls run here and nowhere else.
    let queue: DispatchQueue
    /// Where to connect.
    private let url: RedisURL
    /// Time-outs for new connections.
    private let options: RedisConnectionOptions
    /// Reports connections that are discarded.
    private let logger: Logger
    /// The current connection; nil before first use and after it broke.
    private var connection: RedisConnection?

    /// Creates a seat; nothing connects until the first `run`.
    init(index: Int, url: RedisURL, options: RedisConnectionOptions, logger: Logger) {
        self.queue = DispatchQueue(label: "switchboard.redis.pool.\(index)")
        self.url = url
        self.options = options
        self.logger = logger
    }

    /// Runs `body` with a working connection, connecting first if needed. Call on `queue`.
    func run<Result>(_ body: (RedisConnection) throws -> Result) throws -> Result {
        dispatchPrecondition(condition: .onQueue(queue))
        let connection = try currentConnection()
        defer {
            if connection.isBroken {
                logger.warning("redis connection broke; the next call reconnects", ["redis": .string(url.description)])
                // Dropping the last reference frees the hiredis context now.
                self.connection = nil
            }
        }
        return try body(connection)
    }

    /// The open connection, or a new one when there is none or the old one broke.
    private func currentConnection() throws(RedisError) -> RedisConnection {
        if let connection {
            connection.checkStillOpen()
            if !connection.isBroken { return connection }
            logger.warning("redis connection closed by the server; reconnecting", ["redis": .string(url.description)])
            self.connection = nil
        }
        let fresh = try RedisConnection(url: url, options: options)
        connection = fresh
        return fresh
    }
}
