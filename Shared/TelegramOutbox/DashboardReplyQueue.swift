import DeskProtocol
import Redis

/// The stream of operator replies written on the dashboard (`DeskRedisNames.dashboardReplies`):
/// notify-hub appends, operator-relay consumes (group "relay").
///
/// Each entry holds a `DashboardReply`'s fields and `lane` (the chat), and its id joins the
/// chat's lane list (`<stream>:lane:<chat>`) in the same script, as
/// `DurableStream.append(id:payload:lane:)` does for the other streams: relay instances
/// handle a chat's replies one at a time in the order they were written, whichever
/// instance reads them (`StreamConsumer` waits until an entry heads its lane).
public struct DashboardReplyQueue: Sendable {
    /// The stream's key.
    public let key: String
    /// About how many entries the stream keeps (acknowledged entries are deleted at once).
    public let maxLength: Int
    private let redis: RedisClient

    public init(redis: RedisClient, key: String = DeskRedisNames().dashboardReplies, maxLength: Int = 100_000) {
        self.redis = redis
        self.key = key
        self.maxLength = maxLength
    }

    /// XADD of the field-value pairs (ARGV from 2) and RPUSH of the new id onto the lane, atomically.
    static let appendScript = """
        local command = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*'}
        for i = 2, #ARGV do command[#command + 1] = ARGV[i] end
        local entry = redis.call(unpack(command))
        redis.call('RPUSH', KEYS[2], entry)
        return entry
        """

    /// Queues `reply` on its chat's lane; returns the entry id.
    @discardableResult
    public func append(_ reply: DashboardReply) async throws -> String {
        var arguments: [RedisArgument] = [
            "EVAL", RedisArgument(Self.appendScript), "2", RedisArgument(key),
            RedisArgument(key + ":lane:" + reply.chatID), RedisArgument(maxLength),
        ]
        for field in reply.fields + [(name: "lane", value: reply.chatID)] {
            arguments += [RedisArgument(field.name), RedisArgument(field.value)]
        }
        return try await redis.send(arguments).text ?? ""
    }

    /// Queues `text` for `chatID` as a dashboard reply; returns the entry id.
    @discardableResult
    public func append(chatID: String, text: String) async throws -> String {
        try await append(DashboardReply(chatID: chatID, text: text))
    }
}
