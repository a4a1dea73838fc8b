import Redis

/// The web IM histories, one per pipeline and session type, in Redis so every instance
/// (and a client reconnecting to another one) sees the same conversation. A list of JSON
/// messages, oldest first, trimmed to the newest `limit`, expiring `ttlSeconds` after the
/// last message; a counter numbers the messages. Each message is charged to its client
/// address's `HistoryQuota` before it is stored; one over quota is answered but not kept.
struct PipelineHistory: Sendable {
    /// Where the histories live.
    let redis: RedisClient
    /// Their key names.
    let keys: HubKeys
    /// Messages kept per history.
    let limit: Int
    /// Seconds a quiet history is kept.
    let ttlSeconds: Int
    /// What each client address may make it keep.
    let quota: HistoryQuota

    /// Whether `message` may be kept in the history of `address` for `client`: its size is
    /// charged to the client's quota first (nothing is stored before this says yes).
    func admit(_ message: PipelineMessage, from client: String, to address: PipelineAddress) async throws
        -> HistoryQuota.Refusal?
    {
        // The id is not known yet: room for the longest one.
        let bytes = FrameJSON.encode(message).utf8.count + 20
        return try await quota.charge(bytes, to: client, for: address)
    }

    /// Reserves `count` consecutive message ids; returns the first.
    func reserveIDs(_ count: Int, in address: PipelineAddress) async throws -> Int {
        let sequence = keys.historySequence(pipeline: address.pipeline, sessionType: address.sessionType)
        let replies = try await redis.pipeline([
            ["INCRBY", RedisArgument(sequence), RedisArgument(count)],
            ["EXPIRE", RedisArgument(sequence), RedisArgument(ttlSeconds)],
        ])
        guard let last = replies[0].integerValue else {
            throw RedisError.unexpectedReply("INCRBY answered \(replies[0])")
        }
        return last - count + 1
    }

    /// Appends one message.
    func append(_ message: PipelineMessage, to address: PipelineAddress) async throws {
        let key = RedisArgument(keys.history(pipeline: address.pipeline, sessionType: address.sessionType))
        let replies = try await redis.pipeline([
            ["RPUSH", key, RedisArgument(FrameJSON.encode(message))],
            ["LTRIM", key, RedisArgument(-limit), "-1"],
            ["EXPIRE", key, RedisArgument(ttlSeconds)],
        ])
        if let failure = replies.lazy.compactMap(\.errorMessage).first { throw RedisError.unexpectedReply(failure) }
    }

    /// The kept messages as a JSON array, oldest first (stored JSON, not re-encoded).
    func messagesJSON(of address: PipelineAddress) async throws -> String {
        let key = RedisArgument(keys.history(pipeline: address.pipeline, sessionType: address.sessionType))
        let reply = try await redis.send("LRANGE", key, "0", "-1")
        guard let items = reply.arrayValue else { throw RedisError.unexpectedReply("LRANGE answered \(reply)") }
        return "[" + items.compactMap(\.text).joined(separator: ",") + "]"
    }

    /// Forgets the conversation (its numbering starts again too).
    func reset(_ address: PipelineAddress) async throws {
        _ = try await redis.send(
            "DEL", RedisArgument(keys.history(pipeline: address.pipeline, sessionType: address.sessionType)),
            RedisArgument(keys.historySequence(pipeline: address.pipeline, sessionType: address.sessionType)))
    }
}
