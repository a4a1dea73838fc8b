import Redis

/// A work queue that survives restarts: a Redis stream read through a consumer group.
///
/// Producers `append` items, each with an id; an id seen within `dedupeSeconds` is not
/// appended again, so a producer that retries after a crash does not queue twice. Any
/// number of consumers (processes, instances) share the work: each entry goes to one of
/// them and stays pending until that consumer `acknowledge`s it. A consumer that dies
/// leaves its entries pending; another takes them over with `claimIdle` once they have
/// been idle long enough. A live consumer that holds entries for long (a chat waiting out
/// a rate limit) keeps them with `touch`.
///
/// The suite's streams: the Telegram outbox (`TelegramOutbox`), the gateway's update
/// inbox, and the relay inbox (`RelayInbox`). Entry fields: `id` (the item id) and `body`.
public struct DurableStream: Sendable {
    /// The stream's key.
    public let key: String
    /// The consumer group's name.
    public let group: String
    /// How long an item id is remembered for dedupe: one day covers any restart.
    public let dedupeSeconds: Int
    /// About how many entries the stream keeps (acknowledged entries are deleted at once;
    /// this only bounds a stream nobody consumes).
    public let maxLength: Int
    /// The connections.
    let redis: RedisClient

    /// Creates the handle; nothing is sent to Redis.
    public init(redis: RedisClient, key: String, group: String, dedupeSeconds: Int = 86_400, maxLength: Int = 1_000_000)
    {
        self.redis = redis
        self.key = key
        self.group = group
        self.dedupeSeconds = dedupeSeconds
        self.maxLength = maxLength
    }

    /// Appends and sets the dedupe mark, atomically. The append comes first: a script that
    /// fails half-way keeps its earlier writes, and a mark without its entry would make the
    /// producer's retry look like a duplicate and lose the item.
    static let appendScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'id', ARGV[1], 'body', ARGV[2])
        redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
        return 1
        """

    /// `appendScript` for an item of a lane (a chat): the entry carries its lane in the field
    /// `lane`, and its id joins the lane's list (`<key>:lane:<lane>`) in the same script, so the
    /// list holds the lane's unacknowledged entries in stream order. Consumers on any instance
    /// handle an entry only once it heads its lane (`headsLane`): order per chat across instances.
    static let laneAppendScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'id', ARGV[1], 'body', ARGV[2],
          'lane', ARGV[5])
        redis.call('RPUSH', KEYS[3], entry)
        redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
        return 1
        """

    /// Appends an item unless one with the same id was appended within `dedupeSeconds`.
    /// With a `lane` (a chat), consumers on every instance handle the lane's entries one at
    /// a time in stream order.
    /// - Returns: true when appended, false for a duplicate.
    @discardableResult
    public func append(id: String, payload: [UInt8], lane: String? = nil) async throws -> Bool {
        let reply: RedisReply
        if let lane {
            reply = try await redis.send(
                "EVAL", RedisArgument(Self.laneAppendScript), "3", RedisArgument(key),
                RedisArgument(key + ":dedupe:" + id), RedisArgument(laneKey(lane)), RedisArgument(id),
                RedisArgument(payload), RedisArgument(dedupeSeconds), RedisArgument(maxLength), RedisArgument(lane))
        } else {
            reply = try await redis.send(
                "EVAL", RedisArgument(Self.appendScript), "2", RedisArgument(key), RedisArgument(key + ":dedupe:" + id),
                RedisArgument(id), RedisArgument(payload), RedisArgument(dedupeSeconds), RedisArgument(maxLength))
        }
        return reply.integerValue == 1
    }

    /// The list of a lane's unacknowledged entry ids.
    func laneKey(_ lane: String) -> String { key + ":lane:" + lane }

    /// True when the entry may be handled now: it has no lane, or it heads its lane's list.
    /// Heads that are no longer in the stream (acknowledged by a version without lanes,
    /// trimmed) are dropped from the list; an entry missing from the list, or older than its
    /// head, goes ahead.
    static let headScript = """
        local function older(a, b)
          local am, as = string.match(a, '^(%d+)-(%d+)$')
          local bm, bs = string.match(b, '^(%d+)-(%d+)$')
          am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
          return am < bm or (am == bm and as < bs)
        end
        while true do
          local head = redis.call('LINDEX', KEYS[2], 0)
          if not head or head == ARGV[1] or older(ARGV[1], head) then return 1 end
          if #redis.call('XRANGE', KEYS[1], head, head) == 0 then
            redis.call('LREM', KEYS[2], 1, head)
          else
            return 0
          end
        end
        """

    /// Whether `entry` may be handled now (see `headScript`).
    public func headsLane(_ entry: StreamEntry) async throws -> Bool {
        guard let lane = entry.fields["lane"] else { return true }
        let reply = try await redis.send(
            "EVAL", RedisArgument(Self.headScript), "2", RedisArgument(key), RedisArgument(laneKey(lane)),
            RedisArgument(entry.entryID))
        return reply.integerValue == 1
    }

    /// The id at the head of `entry`'s lane (nil without a lane or when the lane is empty).
    public func laneHead(of entry: StreamEntry) async throws -> String? {
        guard let lane = entry.fields["lane"] else { return nil }
        return try await redis.send("LINDEX", RedisArgument(laneKey(lane)), "0").text
    }

    /// Creates the group (and the stream) if missing; the group starts at the beginning, so
    /// items appended before any consumer started are not skipped.
    public func createGroupIfNeeded() async throws {
        do {
            _ = try await redis.send("XGROUP", "CREATE", RedisArgument(key), RedisArgument(group), "0", "MKSTREAM")
        } catch RedisError.server(let message) where message.hasPrefix("BUSYGROUP") {
            // Already there: another consumer or an earlier run made it.
        }
    }

    /// New entries for `consumer`, waiting up to `blockMilliseconds` for the first (keep it
    /// under the connection's command time-out).
    public func readNew(consumer: String, count: Int, blockMilliseconds: Int) async throws -> [StreamEntry] {
        let reply = try await redis.send(
            "XREADGROUP", "GROUP", RedisArgument(group), RedisArgument(consumer), "COUNT", RedisArgument(count),
            "BLOCK", RedisArgument(blockMilliseconds), "STREAMS", RedisArgument(key), ">")
        return Self.firstStreamEntries(reply)
    }

    /// Entries delivered to `consumer` earlier and not acknowledged (after a restart under
    /// the same consumer name).
    public func readPending(consumer: String, count: Int) async throws -> [StreamEntry] {
        let reply = try await redis.send(
            "XREADGROUP", "GROUP", RedisArgument(group), RedisArgument(consumer), "COUNT", RedisArgument(count),
            "STREAMS", RedisArgument(key), "0")
        return Self.firstStreamEntries(reply)
    }

    /// Takes over up to `count` entries that have been pending, with any consumer, for at
    /// least `minIdleMilliseconds` (their consumer is presumed dead).
    public func claimIdle(consumer: String, minIdleMilliseconds: Int, count: Int) async throws -> [StreamEntry] {
        let reply = try await redis.send(
            "XAUTOCLAIM", RedisArgument(key), RedisArgument(group), RedisArgument(consumer),
            RedisArgument(minIdleMilliseconds), "0-0", "COUNT", RedisArgument(count))
        guard let parts = reply.arrayValue, parts.count >= 2 else { return [] }
        return StreamEntry.entries(from: parts[1])
    }

    /// Resets the idle time of entries this consumer still holds, so nobody claims them.
    public func touch(_ entryIDs: [String], consumer: String) async throws {
        guard !entryIDs.isEmpty else { return }
        let arguments: [RedisArgument] =
            ["XCLAIM", RedisArgument(key), RedisArgument(group), RedisArgument(consumer), "0"]
            + entryIDs.map { RedisArgument($0) } + ["JUSTID"]
        _ = try await redis.send(arguments)
    }

    /// Marks entries done and deletes them, in one transaction.
    public func acknowledge(_ entryIDs: [String]) async throws {
        try await acknowledge(entryIDs.map { StreamEntry(entryID: $0, itemID: "", payload: []) })
    }

    /// Marks entries done and deletes them, and takes them off their lanes, in one transaction.
    public func acknowledge(_ entries: [StreamEntry]) async throws {
        guard !entries.isEmpty else { return }
        let ids = entries.map { RedisArgument($0.entryID) }
        var commands: [[RedisArgument]] = [
            ["MULTI"], ["XACK", RedisArgument(key), RedisArgument(group)] + ids, ["XDEL", RedisArgument(key)] + ids,
        ]
        for entry in entries {
            guard let lane = entry.fields["lane"] else { continue }
            commands.append(["LREM", RedisArgument(laneKey(lane)), "1", RedisArgument(entry.entryID)])
        }
        commands.append(["EXEC"])
        let replies = try await redis.pipeline(commands)
        if let failure = replies.compactMap(\.errorMessage).first { throw RedisError.server(failure) }
    }

    /// How many entries are delivered and not yet acknowledged (for tests and metrics).
    public func pendingCount() async throws -> Int {
        let reply = try await redis.send("XPENDING", RedisArgument(key), RedisArgument(group))
        return reply.arrayValue?.first?.integerValue ?? 0
    }

    /// How many entries the stream holds, pending or not yet delivered.
    public func length() async throws -> Int {
        try await redis.send("XLEN", RedisArgument(key)).integerValue ?? 0
    }

    /// The entries of the one stream an XREADGROUP reply holds (nil reply: none).
    private static func firstStreamEntries(_ reply: RedisReply) -> [StreamEntry] {
        guard let streams = reply.arrayValue, let first = streams.first?.arrayValue, first.count == 2 else { return [] }
        return StreamEntry.entries(from: first[1])
    }
}
