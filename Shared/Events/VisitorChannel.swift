import DeskProtocol
import Redis

/// The Redis pub/sub channels that carry operator replies to web visitors, one per chat:
/// `<EVENTS_CHANNEL>:visitor:<chat_id>`, e.g. `switchboard:events:visitor:web-3f2c…`.
///
/// Who publishes: operator-relay, once it has stored an operator's answer to a web chat
/// (chat ids starting with `web-`), publishes one `VisitorReply` as JSON on the chat's
/// channel. Who listens: every notify-hub instance (one pattern subscription); the instance
/// that holds the visitor's socket delivers it, the others drop it. Pub/sub is live only:
/// a visitor offline at that moment finds the reply in the chat's history instead.
/// Derived from `EVENTS_CHANNEL`, so two desks sharing one Redis never mix.
public struct VisitorChannel: Sendable {
    /// Every chat's channel starts with this.
    public let prefix: String

    /// The channels of the desk whose events travel on `eventsChannel`.
    public init(eventsChannel: String) {
        prefix = EventKeys(channel: eventsChannel).visitorPrefix
    }

    /// The channel of one chat.
    public func channel(for chatID: String) -> String { prefix + chatID }

    /// The chat a channel belongs to; nil for a channel outside this family.
    public func chatID(ofChannel channel: String) -> String? {
        guard channel.hasPrefix(prefix), channel.count > prefix.count else { return nil }
        return String(channel.dropFirst(prefix.count))
    }

    /// The `PSUBSCRIBE` pattern matching every chat's channel (glob characters of the
    /// prefix escaped, so an odd EVENTS_CHANNEL cannot widen it).
    public var pattern: String {
        var escaped = ""
        for character in prefix {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "*"
    }

    /// Publishes `reply` to the visitor of `chatID`; returns how many hub instances got it.
    @discardableResult
    public func publish(_ reply: VisitorReply, to chatID: String, on redis: RedisClient) async throws -> Int {
        try await redis.publish(channel: channel(for: chatID), message: RedisArgument(reply.json()))
    }
}
