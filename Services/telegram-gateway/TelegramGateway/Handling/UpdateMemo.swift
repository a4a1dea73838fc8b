import Redis

/// What handling an update already decided (the mode a toggle chose, ingest-api's answer,
/// the draft shown), kept for a day, so an update handled again after a crash repeats the
/// same decision instead of toggling back, asking ingest-api twice or sending a second
/// message. A value Redis could not take stays in this process (`UnsavedMemos`).
struct UpdateMemo: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The key prefix.
    let prefix: String
    /// Values whose save failed.
    let unsaved: UnsavedMemos

    init(redis: RedisClient, prefix: String, unsaved: UnsavedMemos = UnsavedMemos()) {
        self.redis = redis
        self.prefix = prefix
        self.unsaved = unsaved
    }

    private func key(_ name: String, of updateID: Int64) -> String { prefix + "\(updateID):\(name)" }

    /// The value stored for `name` of `updateID`, storing `value` first if there is none.
    func settle(_ name: String, of updateID: Int64, proposing value: String) async throws -> String {
        let reply = try await redis.send(
            "SET", RedisArgument(key(name, of: updateID)), RedisArgument(value), "NX", "GET", "EX", "86400")
        return reply.text ?? value
    }

    /// The value stored for `name` of `updateID`, if any. One kept here after a failed save
    /// is offered to Redis again (unless Redis has one by now, which wins), so a crash after
    /// Redis is back no longer loses it; while Redis still fails, the kept one answers.
    func value(_ name: String, of updateID: Int64) async throws -> String? {
        let key = key(name, of: updateID)
        guard let kept = unsaved.value(for: key) else {
            return try await redis.get(RedisArgument(key)).map { String(decoding: $0, as: UTF8.self) }
        }
        guard
            let reply = try? await redis.send(
                "SET", RedisArgument(key), RedisArgument(kept), "NX", "GET", "EX", "86400")
        else { return kept }
        unsaved.forget(key)
        return reply.text ?? kept
    }

    /// Stores `value` for `name` of `updateID`; when Redis fails, keeps it in this process
    /// and throws.
    func store(_ value: String, _ name: String, of updateID: Int64) async throws {
        let key = key(name, of: updateID)
        do {
            try await redis.set(RedisArgument(key), to: RedisArgument(value), ex: 86_400)
            unsaved.forget(key)
        } catch {
            unsaved.keep(value, for: key)
            throw error
        }
    }
}
