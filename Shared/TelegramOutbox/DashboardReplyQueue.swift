import Redis

/// The stream of operator replies written on the dashboard (`switchboard:operator-replies`):
/// notify-hub appends, operator-relay consumes (group "relay").
///
/// Each entry has the fields `chat_id`, `text`, `source` (dashboard) and `lane` (the chat),
/// and its id joins the chat's lane list (`<stream>:lane:<chat>`) in the same script, as
/// `DurableStream.append(id:payload:lane:)` does for the other streams: relay instances
/// handle a chat's replies one at a time in the order they were written, whichever
/// instance reads them (`StreamConsumer` waits until an entry heads its lane).
public struct DashboardReplyQueue: Sendable {
    /// The stream's key.
    public let key: String
    /// About how many entries the stream keeps (acknowledged entries are deleted at once).
    public let maxLength: Int
    private let redis: RedisClient

    public init(redis: RedisClient, key: String = "switchboard:operator-replies", maxLength: Int = 100_000) {
        self.redis = redis
        self.key = key
        self.maxLength = maxLength
    }

    /// XADD with the fields and RPUSH of the new id onto the lane, atomically.
    static let appendScript = """
        local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'chat_id', ARGV[2], 'text', ARGV[3],
          'source', ARGV[4], 'lane', ARGV[2])
        redis.call('RPUSH', KEYS[2], entry)
        return entry
        """

    /// Queues `text` for `chatID`; returns the entry id.
    @discardableResult
    public func append(chatID: String, text: String, source: String = "dashboard") async throws -> String {
        let reply = try await redis.send(
            "EVAL", RedisArgument(Self.appendScript), "2", RedisArgument(key), RedisArgument(key + ":lane:" + chatID),
            RedisArgument(maxLength), RedisArgument(chatID), RedisArgument(text), RedisArgument(source))
        return reply.text ?? ""
    }
}
