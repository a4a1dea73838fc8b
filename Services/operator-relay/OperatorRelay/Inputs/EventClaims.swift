import DeskProtocol
import Redis

/// Which relay handles each event, so that of any number of instances exactly one acts on
/// it: a per-event key holds a lease (`lease:{instance}:…`, expiring after
/// `leaseMilliseconds`) while an instance handles the event, then "done" for a week.
/// An instance that died holding a lease loses it when it expires; restarted under the
/// same name, it takes its own lease back at once.
struct EventClaims: Sendable {
    /// What a claim found.
    enum Claim: Equatable {
        /// Handle the event now.
        case mine
        /// Another live instance is handling it: wait.
        case busy
        /// Handled already.
        case done
    }

    /// The Redis connections.
    let redis: RedisClient
    /// The relay's keys.
    let keys: DeskRedisNames
    /// This instance's name.
    let instance: String
    /// How long a lease lasts.
    let leaseMilliseconds: Int

    /// done / busy, or takes the lease: mine.
    static let script = """
        local value = redis.call('GET', KEYS[1])
        if value == 'done' then return 'done' end
        if value and string.sub(value, 1, string.len(ARGV[1])) ~= ARGV[1] then return 'busy' end
        redis.call('SET', KEYS[1], ARGV[1] .. ARGV[3], 'PX', ARGV[2])
        return 'mine'
        """

    /// Tries to claim event `id`.
    func claim(_ id: Int) async throws -> Claim {
        let reply = try await redis.send(
            "EVAL", RedisArgument(Self.script), "1", RedisArgument(keys.eventClaim(id)),
            RedisArgument("lease:\(instance):"), RedisArgument(leaseMilliseconds),
            RedisArgument(String(UInt64.random(in: 0...UInt64.max))))
        switch reply.text {
        case "done": return .done
        case "busy": return .busy
        case "mine": return .mine
        default: throw RelayError.unexpected("event claim answered \(reply)")
        }
    }

    /// Marks event `id` handled.
    func finish(_ id: Int) async throws {
        try await redis.set(RedisArgument(keys.eventClaim(id)), to: "done", ex: 7 * 86_400)
    }
}
