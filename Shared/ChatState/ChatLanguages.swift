import DeskProtocol
import Redis

/// The language each chat is answered in: the language ingest-api detected in the user's
/// latest text, remembered so that what is not an answer to a text (the mode notices, an
/// operator's reply, a /start) comes in the same language. Written by whoever learns it
/// (the gateway for Telegram chats, notify-hub for web visitors), read by every process
/// that writes to the user. A key per chat, kept `seconds` after the last write.
public struct ChatLanguages: Sendable {
    /// Ninety days, like `SeenChats`.
    public static let defaultSeconds = 90 * 86_400

    /// The Redis connections.
    private let redis: RedisClient
    /// The keys' prefix, `DeskRedisNames.chatLanguage` by default.
    private let prefix: String
    /// How long a language is remembered after the last write.
    private let seconds: Int

    public init(redis: RedisClient, prefix: String = DeskRedisNames().chatLanguage, seconds: Int = defaultSeconds) {
        self.redis = redis
        self.prefix = prefix
        self.seconds = seconds
    }

    /// Remembers `code` as the language of `chatID`; an empty code changes nothing.
    public func remember(_ code: String?, of chatID: String) async throws {
        guard let code, !code.isEmpty else { return }
        try await redis.set(RedisArgument(prefix + chatID), to: RedisArgument(code), ex: seconds)
    }

    /// The language code last remembered for `chatID`, nil when none.
    public func language(of chatID: String) async throws -> String? {
        try await redis.send("GET", RedisArgument(prefix + chatID)).text
    }
}
