import Redis

/// What handling an update already decided (the mode a toggle chose, ingest-api's answer),
/// kept for a day, so an update handled again after a crash repeats the same decision
/// instead of toggling back or asking ingest-api twice.
struct UpdateMemo: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The key prefix.
    let prefix: String

    /// The value stored for `name` of `updateID`, storing `value` first if there is none.
    func settle(_ name: String, of updateID: Int64, proposing value: String) async throws -> String {
        let reply = try await redis.send(
            "SET", RedisArgument(prefix + "\(updateID):\(name)"), RedisArgument(value), "NX", "GET", "EX", "86400")
        return reply.text ?? value
    }

    /// The value stored for `name` of `updateID`, if any.
    func value(_ name: String, of updateID: Int64) async throws -> String? {
        try await redis.get(RedisArgument(prefix + "\(updateID):\(name)")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Stores `value` for `name` of `updateID`.
    func store(_ value: String, _ name: String, of updateID: Int64) async throws {
        try await redis.set(RedisArgument(prefix + "\(updateID):\(name)"), to: RedisArgument(value), ex: 86_400)
    }
}
