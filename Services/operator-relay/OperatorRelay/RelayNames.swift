import DeskProtocol

/// The relay's own Redis names, under the same prefix as the shared ones
/// (`DeskRedisNames`: the outbox, the relay's inbox and receipts, the dashboard replies…),
/// so tests (or two desks on one Redis) never mix. Only operator-relay reads or writes these.
extension DeskRedisNames {
    /// The id of the newest event every event up to which has been handled.
    public var eventCursor: String { prefix + "relay:events:cursor" }
    /// One event's claim: a lease while a relay handles it, "done" afterwards.
    public func eventClaim(_ eventID: Int) -> String { prefix + "relay:event:\(eventID)" }
    /// A side effect already carried out (a store, a pub/sub delivery), by its id.
    public func effect(_ id: String) -> String { prefix + "relay:done:" + id }
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
