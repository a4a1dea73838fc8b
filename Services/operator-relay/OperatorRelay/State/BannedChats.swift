import Redis

/// Chats an operator banned (/ban): their messages and hand-offs no longer reach the
/// operator chat until /unban. A Redis set, kept until unbanned.
struct BannedChats: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The set's key.
    let key: String

    /// Bans `chatID`; false when it was banned already.
    @discardableResult
    func ban(_ chatID: String) async throws -> Bool {
        try await redis.send("SADD", RedisArgument(key), RedisArgument(chatID)).integerValue == 1
    }

    /// Lifts the ban; false when there was none.
    @discardableResult
    func unban(_ chatID: String) async throws -> Bool {
        try await redis.send("SREM", RedisArgument(key), RedisArgument(chatID)).integerValue == 1
    }

    /// Whether `chatID` is banned.
    func contains(_ chatID: String) async throws -> Bool {
        try await redis.send("SISMEMBER", RedisArgument(key), RedisArgument(chatID)).integerValue == 1
    }
}
