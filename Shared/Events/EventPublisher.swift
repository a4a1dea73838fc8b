import Foundation
import JSONEscaping
import Redis

/// Publishes desk events (CONTRACT §5): numbers each one, keeps it for replay and
/// publishes it, in one atomic Redis script so ids are gap-free in publish order across
/// every process and instance.
public struct EventPublisher: Sendable {
    public let keys: EventKeys
    private let redis: RedisClient
    /// How many events the log keeps at least (CONTRACT §6: at least the last 10,000).
    public let retainedCount: Int

    public init(redis: RedisClient, keys: EventKeys, retainedCount: Int = 10_000) {
        self.redis = redis
        self.keys = keys
        self.retainedCount = retainedCount
    }

    /// The script: number, keep, publish. The event text arrives in two halves around the
    /// id, so the JSON is built by the caller and the script only splices the number in.
    /// If the counter was lost (e.g. a Redis without persistence restarted while the
    /// stream was restored) it is moved past the newest kept event instead of failing.
    static let script = """
        local id = redis.call('INCR', KEYS[1])
        local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
        if newest[1] then
          local last = tonumber(string.match(newest[1][1], '^(%d+)'))
          if last and id <= last then
            id = last + 1
            redis.call('SET', KEYS[1], id)
          end
        end
        local event = ARGV[1] .. id .. ARGV[2]
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], id .. '-0', 'e', event)
        redis.call('PUBLISH', ARGV[4], event)
        return id
        """

    /// Publishes an event of `type` whose `data` is already JSON text; returns its id.
    @discardableResult
    public func publish(type: String, dataJSON: String, timestamp: String = EventTimestamp.now()) async throws -> Int {
        var prefix = "{\"type\":"
        JSONEscaping.appendQuoted(type, to: &prefix)
        prefix += ",\"id\":\""
        var suffix = "\",\"timestamp\":"
        JSONEscaping.appendQuoted(timestamp, to: &suffix)
        suffix += ",\"data\":" + dataJSON + "}"
        let reply = try await redis.send(
            "EVAL", RedisArgument(Self.script), "2", RedisArgument(keys.sequence), RedisArgument(keys.log),
            RedisArgument(prefix), RedisArgument(suffix), RedisArgument(retainedCount), RedisArgument(keys.channel))
        guard let id = reply.integerValue else { throw EventError.unexpectedReply(String(describing: reply)) }
        return id
    }

    /// Publishes an event whose data is any Encodable value (keys sorted for stable output).
    @discardableResult
    public func publish<Data: Encodable>(type: String, data: Data) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(data), as: UTF8.self)
        return try await publish(type: type, dataJSON: json)
    }
}

/// A Redis answer the event code did not expect.
public enum EventError: Error, CustomStringConvertible, Sendable {
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .unexpectedReply(let reply): "unexpected Redis reply: \(reply)"
        }
    }
}
