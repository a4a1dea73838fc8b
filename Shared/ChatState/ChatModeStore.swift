import DeskProtocol
import Domain
import Redis

/// Each chat's mode (bot or operator), kept in Redis so every process and instance agrees
/// (CONTRACT §1). A chat never switched is in bot mode.
public struct ChatModeStore: Sendable {
    private let redis: RedisClient
    /// Prefix of the keys, `DeskRedisNames.chatMode` by default; one hash would do too, but
    /// a key per chat lets Redis Cluster spread them.
    private let prefix: String

    public init(redis: RedisClient, prefix: String = DeskRedisNames().chatMode) {
        self.redis = redis
        self.prefix = prefix
    }

    /// The chat's mode; `.bot` when never set.
    public func mode(of chatID: String) async throws -> ChatMode {
        let reply = try await redis.send("GET", RedisArgument(prefix + chatID))
        return reply.text.flatMap(ChatMode.init(rawValue:)) ?? .bot
    }

    /// Sets the mode; returns the previous one (so callers publish `mode_changed` only on change).
    @discardableResult
    public func setMode(_ mode: ChatMode, of chatID: String) async throws -> ChatMode {
        let reply = try await redis.send("SET", RedisArgument(prefix + chatID), RedisArgument(mode.rawValue), "GET")
        return reply.text.flatMap(ChatMode.init(rawValue:)) ?? .bot
    }
}
