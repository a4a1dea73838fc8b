import DeskProtocol
import Redis

/// Publishes desk events (CONTRACT §5): numbers each one, keeps it for replay and
/// publishes it, in one atomic Redis script so ids are gap-free in publish order across
/// every process and instance.
public struct EventPublisher: Sendable {
    public let keys: EventKeys
    let redis: RedisClient
    /// How many events the log keeps at least (CONTRACT §6: at least the last 10,000).
    public let retainedCount: Int

    public init(redis: RedisClient, keys: EventKeys, retainedCount: Int = 10_000) {
        self.redis = redis
        self.keys = keys
        self.retainedCount = retainedCount
    }

    /// Lua shared by both publishing scripts: `nextID`, the id the next event gets. One past
    /// the counter (KEYS[1]); past the newest event the log (KEYS[2]) keeps instead if the
    /// counter was lost (e.g. a Redis without persistence restarted while the stream was
    /// restored), so ids never repeat.
    static let nextIDLua = """
        local nextID = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
        local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
        if newest[1] then
          local last = tonumber(string.match(newest[1][1], '^(%d+)'))
          if last and nextID <= last then
            nextID = last + 1
          end
        end

        """

    /// The script: number, keep, publish, for each event in turn. ARGV holds the retention
    /// and the channel, then each event's text in two halves around its id (the JSON is
    /// built by the caller; the script only splices the number in). Events of one call get
    /// consecutive ids: nothing else runs inside a script. The first is `nextIDLua`'s.
    /// Returns the ids.
    static let script =
        nextIDLua + """
            local first = nextID
            local count = (#ARGV - 2) / 2
            redis.call('SET', KEYS[1], first + count - 1)
            local ids = {}
            for n = 0, count - 1 do
              local id = first + n
              local event = ARGV[3 + 2 * n] .. id .. ARGV[4 + 2 * n]
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], id .. '-0', 'e', event)
              redis.call('PUBLISH', ARGV[2], event)
              ids[#ids + 1] = id
            end
            return ids
            """

    /// An event ready to publish: its type and its data as JSON text.
    public struct Pending: Sendable {
        public var type: String
        public var dataJSON: String

        public init(type: String, dataJSON: String) {
            self.type = type
            self.dataJSON = dataJSON
        }

        /// An event whose data is any Encodable value (keys sorted for stable output).
        public init<Data: Encodable>(type: String, data: Data) throws {
            self.init(type: type, dataJSON: try EventJSON.encoded(data))
        }

        /// One of the suite's own events (CONTRACT §5).
        public init(_ event: DeskEvent) throws {
            self.init(type: event.type, dataJSON: try event.dataJSON())
        }
    }

    /// Publishes one of the suite's own events; returns its id.
    @discardableResult
    public func publish(_ event: DeskEvent) async throws -> Int {
        try await publish([Pending(event)])[0]
    }

    /// Publishes an event of `type` whose `data` is already JSON text; returns its id.
    @discardableResult
    public func publish(type: String, dataJSON: String, timestamp: String = EventTimestamp.now()) async throws -> Int {
        try await publish([Pending(type: type, dataJSON: dataJSON)], timestamp: timestamp)[0]
    }

    /// Publishes `events` in order with consecutive ids, in one round trip; returns the ids.
    @discardableResult
    public func publish(_ events: [Pending], timestamp: String = EventTimestamp.now()) async throws -> [Int] {
        guard !events.isEmpty else { return [] }
        var arguments: [RedisArgument] = [
            "EVAL", RedisArgument(Self.script), "2", RedisArgument(keys.sequence), RedisArgument(keys.log),
            RedisArgument(retainedCount), RedisArgument(keys.channel),
        ]
        for event in events {
            let (prefix, suffix) = EventEnvelope.halves(
                type: event.type, dataJSON: event.dataJSON, timestamp: timestamp)
            arguments.append(RedisArgument(prefix))
            arguments.append(RedisArgument(suffix))
        }
        let reply = try await redis.send(arguments)
        guard let ids = reply.arrayValue?.compactMap(\.integerValue), ids.count == events.count else {
            throw EventError.unexpectedReply(String(describing: reply))
        }
        return ids
    }

    /// Publishes an event whose data is any Encodable value (keys sorted for stable output):
    /// for events of other systems; the suite's own go through `publish(_: DeskEvent)`.
    @discardableResult
    public func publish<Data: Encodable>(type: String, data: Data) async throws -> Int {
        try await publish(type: type, dataJSON: try EventJSON.encoded(data))
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
