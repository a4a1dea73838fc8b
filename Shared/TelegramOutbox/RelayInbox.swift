import DeskProtocol
import Redis

/// The gateway → operator-relay hand-off: operator-mode user messages, edits, mode
/// changes, blocked chats and everything written in the operator chat. Durable (a stream
/// with a consumer group), so nothing is lost while the relay restarts, and deduplicated
/// by item id, so an update handled twice is handed over once.
///
/// Redis: the stream `DeskRedisNames.relayInbox` (group `relay`), entries
/// `{id, body: RelayItem JSON}`. The relay reads with `stream.readNew`/`claimIdle` and
/// acknowledges each item once it has acted on it.
public struct RelayInbox: Sendable {
    /// The relay's consumer group.
    public static let consumerGroup = "relay"

    /// The stream underneath.
    public let stream: DurableStream

    /// Creates the handle; `key` lets tests use a stream of their own.
    public init(redis: RedisClient, key: String = DeskRedisNames().relayInbox) {
        stream = DurableStream(redis: redis, key: key, group: Self.consumerGroup)
    }

    /// Hands `item` over; false when an item with its id was already handed over.
    @discardableResult
    public func enqueue(_ item: RelayItem) async throws -> Bool {
        // The chat's lane: its items are handled in order by every relay instance together.
        try await stream.appendJSON(item, id: item.id, lane: item.chatID)
    }

    /// Decodes an item read from the stream; nil for an entry that is not one.
    public static func item(from entry: StreamEntry) -> RelayItem? {
        DurableStream.decodeJSON(RelayItem.self, from: entry)
    }
}
