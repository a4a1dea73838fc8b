import TelegramOutbox

/// The gateway's Redis keys, all under one prefix so tests (or two desks on one Redis)
/// never mix. The shared streams keep the names other processes know (`TelegramOutbox`,
/// `RelayInbox`) under the default prefix "switchboard:".
///
/// The names shared with other processes (`outbox`, `relayInbox`, …) are `SharedKeys`'
/// own, reached as members of this type (`keys.outbox`), so each is defined once.
@dynamicMemberLookup
public struct GatewayKeys: Sendable {
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

    /// The stream of received updates, handled by the gateway's workers (group "gateway").
    public var updates: String { prefix + "telegram:updates" }
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
