import DeskProtocol
import Foundation
import Redis
import TelegramBotAPI
import TelegramOutbox

/// Received updates, kept in Redis until a worker has handled them: the point after which
/// an update counts as handled durably, so polling may confirm its offset and the webhook
/// may answer 200. Deduplicated by update_id (for a day), so an update delivered twice is
/// handled once. Redis: stream `…telegram:updates`, group `gateway`.
struct UpdateInbox: Sendable {
    /// The workers' consumer group.
    static let consumerGroup = "gateway"

    /// The stream underneath.
    let stream: DurableStream

    /// Creates the handle.
    init(redis: RedisClient, keys: DeskRedisNames) {
        stream = DurableStream(redis: redis, key: keys.telegramUpdates, group: Self.consumerGroup)
    }

    /// Stores `update` unless it was stored before; true when stored now.
    @discardableResult
    func append(_ update: Update) async throws -> Bool {
        // The chat's lane: its updates are handled in order by every gateway instance together.
        try await stream.append(
            id: "update:\(update.updateID)", payload: Array(try JSONEncoder().encode(update)),
            lane: update.chatID.map(String.init))
    }

    /// Decodes an entry; nil for one that is not an update.
    static func update(from entry: StreamEntry) -> Update? {
        try? JSONDecoder().decode(Update.self, from: Data(entry.payload))
    }
}
