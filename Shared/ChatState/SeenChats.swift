import DeskProtocol
import Redis

/// The chats the desk has seen: a user who wrote to the bot (even only /start), a chat
/// handed to operators, a web visitor who asked for a person. Not every contact leaves a
/// message in ingest-api's history (/start and mode changes store nothing), yet an operator
/// who was told about the chat must be able to answer it; a chat id typed by hand that the
/// desk never saw is still refused.
///
/// A key per chat (`DeskRedisNames.seenChats` + chat id), refreshed at every sight and kept
/// `seconds` after the last one, so any process that meets a chat can mark it and the
/// marks of chats long gone expire by themselves.
public struct SeenChats: Sendable {
    /// Ninety days: a conversation an operator still answers has been seen since.
    public static let defaultSeconds = 90 * 86_400

    /// The marks: a key per chat, kept `seconds` after the last sight.
    private let keys: PerChatKeys

    public init(redis: RedisClient, prefix: String = DeskRedisNames().seenChats, seconds: Int = defaultSeconds) {
        keys = PerChatKeys(redis: redis, prefix: prefix, seconds: seconds)
    }

    /// Records that the desk has seen `chatID` now.
    public func mark(_ chatID: String) async throws {
        try await keys.write("1", of: chatID)
    }

    /// Whether the desk has seen `chatID` within the last `seconds`.
    public func contains(_ chatID: String) async throws -> Bool {
        try await keys.exists(chatID)
    }
}
