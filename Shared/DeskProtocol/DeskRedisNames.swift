/// The Redis names under the key prefix that more than one process uses, defined once so
/// the writer and the reader cannot drift apart. A process's own names stay with it, as an
/// extension of this type in its module (the gateway's update memos, the relay's claims);
/// the names rooted at `EVENTS_CHANNEL` are `EventKeys`.
public struct DeskRedisNames: Sendable, Equatable {
    /// The prefix of every key: "switchboard:" in production; tests use their own so runs
    /// sharing one Redis never mix.
    public let prefix: String

    public init(prefix: String = "switchboard:") {
        self.prefix = prefix
    }

    /// Stream: everything any process sends to Telegram (`TelegramOutbox`), sent by the
    /// gateway only.
    public var outbox: String { prefix + "telegram:outbox" }
    /// Stream: the received Telegram updates, handled by the gateway's workers; ingest-api's
    /// admin API lists and retries its dead letters.
    public var telegramUpdates: String { prefix + "telegram:updates" }
    /// Stream: what the gateway hands operator-relay (`RelayInbox`).
    public var relayInbox: String { prefix + "relay:inbox" }
    /// Stream: the gateway's receipts of the relay's sends; ingest-api's admin API lists
    /// and retries its dead letters.
    public var relayReceipts: String { prefix + "relay:receipts" }
    /// Stream: the replies dashboards write, queued by notify-hub and delivered by
    /// operator-relay (entries: `DashboardReply`).
    public var dashboardReplies: String { prefix + "operator-replies" }
    /// Hash: the chats that blocked the bot (`BlockedChats`).
    public var blockedChats: String { prefix + "telegram:blocked" }
    /// Prefix of each chat's mode (`ChatModeStore`): every process reads it.
    public var chatMode: String { prefix + "chat-mode:" }
    /// Prefix of the marks of chats the desk has seen (`SeenChats`): written by the
    /// gateway and the relay, read by the relay before it answers a chat id typed by hand.
    public var seenChats: String { prefix + "chat-seen:" }
    /// Prefix of each chat's language (`ChatLanguages`): written by the gateway and
    /// notify-hub, read by every process that writes to users.
    public var chatLanguage: String { prefix + "chat-language:" }
    /// Prefix of the keys naming the user chat a message the relay posted belongs to (in
    /// the operator chat, or an alert in an admin's chat): see `messageOrigin`.
    public var messageOrigins: String { prefix + "relay:origin:" }

    /// The user chat that message `messageID` of chat `chat` belongs to: the relay writes
    /// it from its send receipts; the gateway reads an admin's to tell a reply to an alert.
    public func messageOrigin(chat: Int64, messageID: Int64) -> String {
        messageOrigins + "\(chat):\(messageID)"
    }
}
