import Redis

/// A key per chat under `prefix`, each kept `seconds` after its last write: how the desk
/// remembers a fact about a chat that any process may learn and any may read (`SeenChats`,
/// `ChatLanguages`). Facts of chats long gone expire by themselves.
struct PerChatKeys: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The keys' prefix; a chat's key is the prefix and its id.
    let prefix: String
    /// How long a key lasts after its last write.
    let seconds: Int

    /// Writes `value` as `chatID`'s, for another `seconds`.
    func write(_ value: String, of chatID: String) async throws {
        try await redis.set(RedisArgument(prefix + chatID), to: RedisArgument(value), ex: seconds)
    }

    /// `chatID`'s value, nil when none (never written, or expired).
    func value(of chatID: String) async throws -> String? {
        try await redis.send("GET", RedisArgument(prefix + chatID)).text
    }

    /// Whether `chatID` has a value.
    func exists(_ chatID: String) async throws -> Bool {
        try await redis.send("EXISTS", RedisArgument(prefix + chatID)).integerValue == 1
    }
}
