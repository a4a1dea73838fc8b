import TelegramOutbox

/// The relay's Redis keys, all under one prefix so tests (or two desks on one Redis) never
/// mix. The streams shared with other processes keep the names those processes use
/// (`TelegramOutbox`, `RelayInbox`, notify-hub's dashboard replies) under the default
/// prefix "switchboard:".
///
/// The names shared with other processes (`outbox`, `relayInbox`, …) are `SharedKeys`'
/// own, reached as members of this type (`keys.outbox`), so each is defined once.
@dynamicMemberLookup
public struct RelayKeys: Sendable {
    /// The prefix of every key.
    public let prefix: String

    /// Keys under `prefix` ("switchboard:" in production).
    public init(prefix: String = "switchboard:") {
        self.prefix = prefix
    }

    /// The names shared with other processes.
    private var shared: SharedKeys { SharedKeys(prefix: prefix) }

    /// A name of `SharedKeys` under this prefix.
    public subscript(dynamicMember name: KeyPath<SharedKeys, String>) -> String { shared[keyPath: name] }

    /// The stream the gateway's sender writes the receipts of the relay's sends to.
    public var receipts: String { prefix + "relay:receipts" }
    /// The id of the newest event every event up to which has been handled.
    public var eventCursor: String { prefix + "relay:events:cursor" }
    /// One event's claim: a lease while a relay handles it, "done" afterwards.
    public func eventClaim(_ eventID: Int) -> String { prefix + "relay:event:\(eventID)" }
    /// A side effect already carried out (a store, a pub/sub delivery), by its id.
    public func effect(_ id: String) -> String { prefix + "relay:done:" + id }
    /// The user chat a message the relay posted belongs to: in the operator chat, or an
    /// alert in an admin's chat (the gateway reads those: `SharedKeys.messageOrigins`).
    public func origin(operatorChat: Int64, messageID: Int64) -> String {
        shared.messageOrigins + "\(operatorChat):\(messageID)"
    }
    /// A user chat's forum topic in the operator chat (hash: thread, gen, lease).
    public func topic(operatorChat: Int64, chatID: String) -> String {
        prefix + "relay:topic:\(operatorChat):" + chatID
    }
    /// The user chat a forum topic belongs to.
    public func topicChat(operatorChat: Int64, threadID: Int64) -> String {
        prefix + "relay:topic-chat:\(operatorChat):\(threadID)"
    }
    /// Set to "no" for a while after Telegram refused to make topics in the operator chat.
    public func forumFlag(operatorChat: Int64) -> String { prefix + "relay:forum:\(operatorChat)" }
    /// The set of chats whose messages no longer reach operators (/ban).
    public var banned: String { prefix + "relay:banned" }
    /// What the relay knows of a chat's user (hash: name, language).
    public func profile(_ chatID: String) -> String { prefix + "relay:profile:" + chatID }
    /// Set while a chat's handoff to operators has been posted (cleared back in bot mode).
    public func handoff(_ chatID: String) -> String { prefix + "relay:handoff:" + chatID }
}
