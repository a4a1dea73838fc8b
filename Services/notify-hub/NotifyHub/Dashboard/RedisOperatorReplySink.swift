import DeskProtocol
import Redis
import TelegramOutbox

/// Queues dashboard replies on a Redis stream that operator-relay consumes with a consumer
/// group: durable, so a reply sent while the relay restarts is answered when it is back.
/// Each reply joins its chat's lane (`DashboardReplyQueue`), so two relay instances deliver
/// a chat's replies in the order they were written.
struct RedisOperatorReplySink: OperatorReplySink {
    let redis: RedisClient
    /// The stream (`DeskRedisNames.dashboardReplies`); operator-relay reads the same one.
    var stream = DeskRedisNames().dashboardReplies

    func forward(chatID: String, text: String, completion: @escaping @Sendable (String?) -> Void) {
        let (redis, stream) = (redis, stream)
        Task {
            do {
                try await DashboardReplyQueue(redis: redis, key: stream).append(chatID: chatID, text: text)
                completion(nil)
            } catch {
                completion("operator queue unavailable")
            }
        }
    }
}
