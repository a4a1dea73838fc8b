import DeskProtocol

/// The gateway's own Redis names, under the same prefix as the shared ones
/// (`DeskRedisNames`: the outbox, the updates stream, the relay's inbox…), so tests (or two
/// desks on one Redis) never mix. Only the gateway reads or writes these.
extension DeskRedisNames {
    /// The getUpdates offset confirmed last (the next update id wanted).
    public var pollOffset: String { prefix + "telegram:poll:offset" }
    /// Which instance polls (only one may call getUpdates at a time).
    public var pollLease: String { prefix + "telegram:poll:lease" }
    /// The prefix of per-update memos (what handling an update already decided).
    public var updateMemo: String { prefix + "telegram:update-memo:" }
    /// The prefix of send progress (parts of a split text already sent).
    public var sendProgress: String { prefix + "telegram:send-progress:" }
    /// The sorted set of recent sends, all chats (the global limit).
    public var globalSends: String { prefix + "telegram:limit:global" }
    /// The sorted set of recent sends to one chat.
    public func chatSends(_ chatID: Int64) -> String { prefix + "telegram:limit:chat:\(chatID)" }
    /// Set while a chat waits out a 429's retry_after.
    public func chatPause(_ chatID: Int64) -> String { prefix + "telegram:limit:pause:\(chatID)" }
}
