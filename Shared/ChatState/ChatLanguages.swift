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

    /// A key per chat (`DeskRedisNames.chatLanguage` by default) holding its language code,
    /// kept `seconds` after the last write.
    private let keys: PerChatKeys

    public init(redis: RedisClient, prefix: String = DeskRedisNames().chatLanguage, seconds: Int = defaultSeconds) {
        keys = PerChatKeys(redis: redis, prefix: prefix, seconds: seconds)
    }

    /// Remembers `code` as the language of `chatID`; an empty code changes nothing.
    public func remember(_ code: String?, of chatID: String) async throws {
        guard let code, !code.isEmpty else { return }
        try await keys.write(code, of: chatID)
    }

    /// The language code last remembered for `chatID`, nil when none.
    public func language(of chatID: String) async throws -> String? {
        try await keys.value(of: chatID)
    }
}
