import Foundation
import Redis

/// Decides, before the admins are paged, whether a contact request from a client address
/// becomes a `new_session` event: a budget per address per hour, and repeats of the same
/// text from the same address within a window coalesced into the first alert.
///
/// The per-chat budget (`VisitorLimits`) is not enough: the visitor chooses its chat (a new
/// client id per connection), so only the address can hold a flood of alerts. Counted in
/// Redis, so the budget holds over every hub instance behind the balancer.
struct ContactRequestGate: Sendable {
    /// What to do with one contact request.
    enum Verdict: String, Sendable {
        /// Page the admins.
        case alert = "ok"
        /// The same text from this address was alerted within the window: acknowledge only.
        case repeated = "repeat"
        /// The address used its hourly budget: refuse.
        case overBudget = "address"
    }

    let redis: RedisClient
    let keys: HubKeys
    /// Alerts per address per hour.
    let perHour: Int
    /// Seconds within which a repeat is coalesced (0: never).
    let repeatWindowSeconds: Int

    /// KEYS: the address's hourly counter, the repeat marker of this text. ARGV: the hourly
    /// budget, the counter's period, the repeat window.
    static let script = """
        local window = tonumber(ARGV[3])
        if window > 0 and redis.call('EXISTS', KEYS[2]) == 1 then return 'repeat' end
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
        if count > tonumber(ARGV[1]) then return 'address' end
        if window > 0 then redis.call('SET', KEYS[2], '1', 'EX', window) end
        return 'ok'
        """

    /// The verdict on `message` from `address` (counted when it alerts).
    func admit(_ message: String, from address: String) async throws -> Verdict {
        let counter = keys.contactPrefix + address
        let marker = counter + ":" + String(Self.fingerprint(message), radix: 16)
        let reply = try await redis.send(
            "EVAL", RedisArgument(Self.script), "2", RedisArgument(counter), RedisArgument(marker),
            RedisArgument(perHour), "3600", RedisArgument(repeatWindowSeconds))
        guard let text = reply.text, let verdict = Verdict(rawValue: text) else {
            throw RedisError.unexpectedReply("the contact script answered \(reply)")
        }
        return verdict
    }

    /// FNV-1a of the text without case and surrounding white space: "Help!" and "help! "
    /// are one repeat.
    static func fingerprint(_ message: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in message.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
