import DeskProtocol
import Redis

/// Chats whose user blocked the bot (Telegram answered 403), kept in the Redis hash
/// `DeskRedisNames.blockedChats` (chat id → reason), so every process can see it and the
/// operator is told once. A chat leaves the set when its user writes again.
public struct BlockedChats: Sendable {
    /// The hash's key.
    public let key: String
    /// The connections.
    private let redis: RedisClient

    /// Creates the handle.
    public init(redis: RedisClient, key: String = DeskRedisNames().blockedChats) {
        self.redis = redis
        self.key = key
    }

    /// Marks the chat; true when it was not marked before (tell someone then, only then).
    @discardableResult
    public func mark(_ chatID: Int64, reason: String) async throws -> Bool {
        try await redis.send("HSETNX", RedisArgument(key), RedisArgument(String(chatID)), RedisArgument(reason))
            .integerValue == 1
    }

    /// Whether the chat is marked.
    public func contains(_ chatID: Int64) async throws -> Bool {
        try await redis.send("HEXISTS", RedisArgument(key), RedisArgument(String(chatID))).integerValue == 1
    }

    /// Removes the mark (the user wrote again, so they unblocked the bot).
    public func unmark(_ chatID: Int64) async throws {
        _ = try await redis.send("HDEL", RedisArgument(key), RedisArgument(String(chatID)))
    }
}
