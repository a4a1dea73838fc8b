import DeskProtocol
import Redis

/// Queues dashboard replies on a Redis stream that operator-relay consumes with a consumer
/// group: durable, so a reply sent while the relay restarts is answered when it is back.
struct RedisOperatorReplySink: OperatorReplySink {
    let redis: RedisClient
    /// The stream (`DeskRedisNames.dashboardReplies`); operator-relay reads the same one.
    var stream = DeskRedisNames().dashboardReplies

    func forward(chatID: String, text: String, completion: @escaping @Sendable (String?) -> Void) {
        let (redis, stream) = (redis, stream)
        Task {
            do {
                var command: [RedisArgument] = ["XADD", RedisArgument(stream), "MAXLEN", "~", "100000", "*"]
                for field in DashboardReply(chatID: chatID, text: text).fields {
                    command += [RedisArgument(field.name), RedisArgument(field.value)]
                }
                _ = try await redis.send(command)
                completion(nil)
            } catch {
                completion("operator queue unavailable")
            }
        }
    }
}
