/// The Redis names more than one process uses, in one place so they cannot drift apart:
/// the gateway and operator-relay both build their key sets on this.
public struct SharedKeys: Sendable {
    /// The prefix of every key ("switchboard:" in production; tests use their own).
    public let prefix: String

    public init(prefix: String = "switchboard:") {
        self.prefix = prefix
    }

    /// The outbox stream every process sends to Telegram through (`TelegramOutbox`).
    public var outbox: String { prefix + "telegram:outbox" }
    /// The stream the gateway hands operator-mode traffic over on (`RelayInbox`).
    public var relayInbox: String { prefix + "relay:inbox" }
    /// The hash of chats that blocked the bot (`BlockedChats`).
    public var blockedChats: String { prefix + "telegram:blocked" }
    /// The prefix of the chat-mode keys (`ChatModeStore`).
    public var chatMode: String { prefix + "chat-mode:" }
    /// The stream notify-hub queues dashboard replies on (notify-hub's RedisOperatorReplySink
    /// writes the same name; it does not link this module).
    public var dashboardReplies: String { prefix + "operator-replies" }
    /// The prefix of the marks of chats the desk has seen (`SeenChats`): written by the
    /// gateway and the relay, read by the relay before it answers a chat id typed by hand.
    public var seenChats: String { prefix + "chat-seen:" }
    /// The prefix of each chat's language (`ChatLanguages`): written by the gateway and
    /// notify-hub (`HubKeys` has the same name), read by every process that writes to users.
    public var chatLanguage: String { prefix + "chat-language:" }
    /// The prefix of `{chat}:{message}` keys naming the user chat a message the relay posted
    /// belongs to (in the operator chat, or an alert in an admin's chat): the relay writes
    /// them from its send receipts; the gateway reads an admin's to tell a reply to an alert.
    public var messageOrigins: String { prefix + "relay:origin:" }
}
