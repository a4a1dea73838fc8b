import DeskProtocol
import Redis

/// Publishing rows of a PostgreSQL outbox (ingest-api's `event_outbox`): the same numbering,
/// log and channel as `publish`, but each event carries the row id it had in the outbox and
/// the script skips rows already published, so publishing a batch again (the drainer died
/// between publishing and marking it) adds nothing: every event gets one id, once.
extension EventPublisher {
    /// One outbox row: its id there, the event, and the timestamp written when it committed.
    public struct OutboxEvent: Sendable {
        public var outboxID: Int64
        public var event: Pending
        public var timestamp: String

        public init(outboxID: Int64, event: Pending, timestamp: String) {
            self.outboxID = outboxID
            self.event = event
            self.timestamp = timestamp
        }
    }

    /// What a call did: the event ids given to rows not published before, and the outbox
    /// id through which everything is now published.
    public struct OutboxReceipt: Sendable, Equatable {
        public var ids: [Int]
        public var through: Int64
    }

    /// The script: like `script`, but ARGV holds three values per event (outbox id, the
    /// two halves of its text) and KEYS[3] the last outbox id published. Rows at or below
    /// it are skipped. Rows must come in increasing outbox id order. Returns the through
    /// value followed by the new ids.
    static let outboxScript =
        nextIDLua + """
            local through = tonumber(redis.call('GET', KEYS[3]) or '0')
            local result = {0}
            local count = (#ARGV - 2) / 3
            for n = 0, count - 1 do
              local row = tonumber(ARGV[3 + 3 * n])
              if row > through then
                local event = ARGV[4 + 3 * n] .. nextID .. ARGV[5 + 3 * n]
                redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], nextID .. '-0', 'e', event)
                redis.call('PUBLISH', ARGV[2], event)
                result[#result + 1] = nextID
                nextID = nextID + 1
                through = row
              end
            end
            if #result > 1 then
              redis.call('SET', KEYS[1], nextID - 1)
              redis.call('SET', KEYS[3], through)
            end
            result[1] = through
            return result
            """

    /// Publishes outbox rows (in increasing `outboxID` order) that Redis has not had yet,
    /// in one round trip. Throws `OutboxRefusal` for the first row whose data is not a JSON
    /// object, before anything is sent: the caller publishes the rows before it and deals
    /// with that row on its own.
    public func publishOutbox(_ rows: [OutboxEvent]) async throws -> OutboxReceipt {
        for row in rows {
            if let reason = OutboxRefusal.reason(for: row.event) {
                throw OutboxRefusal(outboxID: row.outboxID, reason: reason)
            }
        }
        var arguments: [RedisArgument] = [
            "EVAL", RedisArgument(Self.outboxScript), "3", RedisArgument(keys.sequence), RedisArgument(keys.log),
            RedisArgument(keys.outboxThrough), RedisArgument(retainedCount), RedisArgument(keys.channel),
        ]
        for row in rows {
            let (prefix, suffix) = EventEnvelope.halves(
                type: row.event.type, dataJSON: row.event.dataJSON, timestamp: row.timestamp)
            arguments.append(RedisArgument(String(row.outboxID)))
            arguments.append(RedisArgument(prefix))
            arguments.append(RedisArgument(suffix))
        }
        let reply = try await redis.send(arguments)
        guard let values = reply.arrayValue?.compactMap(\.integerValue), let through = values.first,
            values.count == reply.arrayValue?.count
        else { throw EventError.unexpectedReply(String(describing: reply)) }
        return OutboxReceipt(ids: Array(values.dropFirst()), through: Int64(through))
    }
}
