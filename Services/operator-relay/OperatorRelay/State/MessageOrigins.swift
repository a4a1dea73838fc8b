import DeskProtocol
import Redis

/// Which user chat each message the relay posted in the operator chat belongs to, so a
/// Telegram reply to any of them (the hand-off, a forwarded text, a copied photo) answers
/// that user. Written when the gateway reports the message sent (its receipt carries the
/// ids Telegram gave); each entry expires after `seconds`.
struct MessageOrigins: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The relay's keys.
    let keys: DeskRedisNames
    /// The operator chat.
    let operatorChatID: Int64
    /// How long an entry lives.
    let seconds: Int

    /// Records that `messageIDs` of the operator chat belong to `chatID`.
    func record(_ messageIDs: [Int64], chatID: String) async throws {
        guard !messageIDs.isEmpty else { return }
        _ = try await redis.pipeline(
            messageIDs.map { id in
                [
                    "SET", RedisArgument(keys.messageOrigin(chat: operatorChatID, messageID: id)),
                    RedisArgument(chatID),
                    "EX", RedisArgument(seconds),
                ]
            })
    }

    /// The user chat `messageID` belongs to, if known.
    func chat(of messageID: Int64) async throws -> String? {
        try await redis.get(RedisArgument(keys.messageOrigin(chat: operatorChatID, messageID: messageID)))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The user chat of `messageID`, waiting up to `wait` for its receipt to arrive.
    func chat(of messageID: Int64, waitingUpTo wait: Duration) async throws -> String? {
        let deadline = ContinuousClock.now + wait
        while true {
            if let chat = try await chat(of: messageID) { return chat }
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
