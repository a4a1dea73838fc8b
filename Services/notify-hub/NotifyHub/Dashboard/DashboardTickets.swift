import Redis

/// Short-lived single-use tickets that open `/notify` in place of the admin token, so the
/// dashboard never puts the long-lived token in a URL (URLs end up in proxies' access logs).
///
/// Kept in Redis, not in the issuing instance's memory: behind a load balancer the ticket's
/// `POST` and the socket's upgrade may reach different hub instances, and any of them must
/// accept it. Used up by `DEL` (answers 1 only to the first caller), so a ticket opens one
/// socket on one instance, however many try at once.
struct DashboardTickets: Sendable {
    /// Where the tickets live.
    let redis: RedisClient
    /// `<EVENTS_CHANNEL>:hub:ticket:`, followed by the ticket.
    let prefix: String
    /// Seconds a ticket is valid: long enough to open a socket, too short to be worth stealing.
    let ttlSeconds: Int

    /// A ticket is 32 random bytes in base64url (43 characters).
    static let length = 43

    /// Issues a fresh ticket.
    func issue() async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let ticket = Self.base64URL(bytes)
        let reply = try await redis.send("SET", RedisArgument(prefix + ticket), "1", "EX", RedisArgument(ttlSeconds))
        guard reply.text == "OK" else { throw RedisError.unexpectedReply("SET answered \(reply)") }
        return ticket
    }

    /// Whether `ticket` was issued, is unexpired and unused; uses it up.
    func redeem(_ ticket: String) async throws -> Bool {
        guard Self.isWellFormed(ticket) else { return false }
        return try await redis.send("DEL", RedisArgument(prefix + ticket)).integerValue == 1
    }

    /// Whether `text` has a ticket's shape (checked before any Redis call).
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == length
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }

    /// Unpadded base64url.
    private static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<(chunk.count + 1) { text.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return text
    }
}
