import DeskProtocol
import Redis

/// Side effects that cannot be deduplicated where they land (a message stored through
/// ingest-api, a reply published to a web visitor), done at most once per id: a handler
/// that runs again after a crash skips what its first run finished. Marks are kept a week,
/// longer than any item stays pending.
///
/// The one window left: a crash after the effect and before its mark repeats that effect
/// once; the mark is written right after, so the window is one Redis round trip.
struct Effects: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The relay's keys.
    let keys: DeskRedisNames

    /// Runs `effect` unless an effect with `id` was done before, then marks it done.
    func once(_ id: String, _ effect: () async throws -> Void) async throws {
        let key = RedisArgument(keys.effect(id))
        if try await redis.send("EXISTS", key).integerValue == 1 { return }
        try await effect()
        try await redis.set(key, to: "1", ex: 7 * 86_400)
    }
}
