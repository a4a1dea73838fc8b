import DeskProtocol
import Redis

/// The suite's one queue of things to send to Telegram (CONTRACT §1: the gateway is the
/// only sender). Producers (gateway, operator-relay, notify-hub) `enqueue`; the gateway's
/// sender consumes it under Telegram's limits, acknowledging a request only once Telegram
/// accepted or refused it for good, so nothing queued is lost while the gateway restarts.
///
/// Redis: the stream `DeskRedisNames.outbox` (group `senders`), entries
/// `{id, body: SendRequest JSON}`, dedupe marks `…:dedupe:{id}` for a day.
public struct TelegramOutbox: Sendable {
    /// The senders' consumer group.
    public static let consumerGroup = "senders"

    /// The stream underneath.
    public let stream: DurableStream

    /// Creates the handle; `key` lets tests use a stream of their own.
    public init(redis: RedisClient, key: String = DeskRedisNames().outbox) {
        stream = DurableStream(redis: redis, key: key, group: Self.consumerGroup)
    }

    /// Queues `request`. Returns false (and queues nothing) when a request with the same id
    /// was queued within the last day.
    @discardableResult
    public func enqueue(_ request: SendRequest) async throws -> Bool {
        // The chat's lane: its sends go out in order whichever gateway instance sends them.
        try await stream.appendJSON(request, id: request.id, lane: String(request.chatID))
    }

    /// Decodes a request read from the stream; nil for an entry that is not one.
    public static func request(from entry: StreamEntry) -> SendRequest? {
        DurableStream.decodeJSON(SendRequest.self, from: entry)
    }
}
