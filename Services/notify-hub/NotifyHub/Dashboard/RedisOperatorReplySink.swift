import Redis

/// Queues dashboard replies on a Redis stream that operator-relay consumes with a consumer
/// group: durable, so a reply sent while the relay restarts is answered when it is back.
struct RedisOperatorReplySink: OperatorReplySink {
    /// The stream's name; operator-relay reads the same one.
    static let stream = "switchboard:operator-replies"
    let redis: RedisClient

    func forward(chatID: String, text: String, completion: @escaping @Sendable (String?) -> Void) {
        Task {
            do {
                _ = try await redis.send(
                    "XADD", RedisArgument(Self.stream), "MAXLEN", "~", "100000", "*", "chat_id", RedisArgument(chatID),
                    "text", RedisArgument(text), "source", "dashboard")
                completion(nil)
            } catch {
                completion("operator queue unavailable")
            }
        }
    }
}
