import Redis

/// Makes sure one gateway instance at a time calls getUpdates (Telegram answers 409 to a
/// second concurrent poller): a Redis key naming the holder, renewed by it before each poll.
struct PollLease: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The key.
    let key: String
    /// This instance's name.
    let holder: String
    /// How long the lease lasts without renewal: longer than one long poll.
    let milliseconds: Int

    /// Takes the lease if free, renews it if ours.
    static let acquireScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """

    /// Gives the lease up only if it is ours.
    static let releaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """

    /// True when this instance holds the lease now.
    func acquire() async throws -> Bool {
        try await redis.send(
            "EVAL", RedisArgument(Self.acquireScript), "1", RedisArgument(key), RedisArgument(holder),
            RedisArgument(milliseconds)
        ).integerValue == 1
    }

    /// Lets another instance take over at once.
    func release() async {
        _ = try? await redis.send(
            "EVAL", RedisArgument(Self.releaseScript), "1", RedisArgument(key), RedisArgument(holder))
    }
}
