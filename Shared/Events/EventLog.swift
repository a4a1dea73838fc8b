import DeskProtocol
import Redis

/// Reads kept events back for replay (`/notify?since=ID`).
public struct EventLog: Sendable {
    public let keys: EventKeys
    private let redis: RedisClient

    public init(redis: RedisClient, keys: EventKeys) {
        self.redis = redis
        self.keys = keys
    }

    /// One kept event: its id and its JSON text exactly as published.
    public struct Entry: Sendable, Equatable {
        public let id: Int
        public let json: String
    }

    /// What a replay after `since` found.
    public struct Replay: Sendable, Equatable {
        /// Events after `since`, oldest first (at most `limit`).
        public var entries: [Entry]
        /// False when events after `since` are no longer kept: the client missed some and
        /// must reload from the API instead of trusting the feed.
        public var isComplete: Bool
    }

    /// The kept events with ids above `since`, oldest first, at most `limit` of them.
    public func events(after since: Int, limit: Int = 10_000) async throws -> Replay {
        let replies = try await redis.pipeline([
            ["XRANGE", RedisArgument(keys.log), RedisArgument("\(since + 1)-0"), "+", "COUNT", RedisArgument(limit)],
            ["XRANGE", RedisArgument(keys.log), "-", "+", "COUNT", "1"],
            ["GET", RedisArgument(keys.sequence)],
        ])
        let entries = Self.entries(from: replies[0])
        let oldest = Self.entries(from: replies[1]).first?.id
        let newest = replies[2].text.flatMap(Int.init) ?? 0
        // Complete when nothing after `since` was dropped: either nothing was published
        // after it, or the log still holds the event right after it. An id above the
        // newest means the store was reset: the client cannot trust its feed.
        let complete = since == newest || (since < newest && (oldest.map { $0 <= since + 1 } ?? false))
        return Replay(entries: entries, isComplete: complete)
    }

    /// The kept events with ids above `since`, oldest first (at most `count`), waiting up to
    /// `blockMilliseconds` for the first when there is none yet: a live tail of the log for
    /// consumers that must see every event (keep the wait under the connection's time-out).
    public func waitForEvents(after since: Int, count: Int = 100, blockMilliseconds: Int) async throws -> [Entry] {
        let reply = try await redis.send(
            "XREAD", "COUNT", RedisArgument(count), "BLOCK", RedisArgument(blockMilliseconds), "STREAMS",
            RedisArgument(keys.log), RedisArgument("\(since)-0"))
        guard let streams = reply.arrayValue, let first = streams.first?.arrayValue, first.count == 2 else { return [] }
        return Self.entries(from: first[1])
    }

    /// The id of the newest event published, 0 when none.
    public func newestID() async throws -> Int {
        try await redis.send("GET", RedisArgument(keys.sequence)).text.flatMap(Int.init) ?? 0
    }

    private static func entries(from reply: RedisReply) -> [Entry] {
        guard let items = reply.arrayValue else { return [] }
        return items.compactMap { item in
            guard let pair = item.arrayValue, pair.count == 2, let entryID = pair[0].text,
                let id = Int(entryID.prefix { $0 != "-" }), let fields = pair[1].arrayValue, fields.count >= 2,
                let json = fields[1].text
            else { return nil }
            return Entry(id: id, json: json)
        }
    }
}
