import DeskProtocol
import Redis

/// Which parts of a request Telegram has already accepted: the ids of the sent messages,
/// in a Redis list per request kept for a day. A request taken over after a crash resumes
/// after the last recorded part instead of sending the whole text again.
struct SendProgress: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The gateway's Redis keys.
    let keys: DeskRedisNames

    /// The message ids recorded for `requestID`, in order.
    func sentMessageIDs(of requestID: String) async throws -> [Int64] {
        let reply = try await redis.send("LRANGE", RedisArgument(keys.sendProgress + requestID), "0", "-1")
        return (reply.arrayValue ?? []).compactMap { $0.text.flatMap { Int64($0) } }
    }

    /// Records one more accepted part.
    func record(_ messageID: Int64, of requestID: String) async throws {
        let key = RedisArgument(keys.sendProgress + requestID)
        _ = try await redis.pipeline([["RPUSH", key, RedisArgument(String(messageID))], ["EXPIRE", key, "86400"]])
    }
}
