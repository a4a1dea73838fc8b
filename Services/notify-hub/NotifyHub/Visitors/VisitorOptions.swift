import Config
import Foundation

/// The visitor side's limits and periods (CONTRACT §6: per-IP rate limits, all
/// configurable). Read from the environment next to `Settings`; every default says why.
public struct VisitorOptions: Sendable {
    /// New visitor WebSockets per client IP per minute (VISITOR_CONNECTIONS_PER_MINUTE):
    /// 60 lets a visitor reload the chat once a second for a minute, and stops a script
    /// from opening thousands of sockets.
    public var connectionsPerMinute: Int = 60
    /// Visitor messages (and REST calls) per client IP per second (VISITOR_MESSAGES_PER_SECOND):
    /// a person types far slower than 5 a second; the bucket holds one second's worth.
    public var messagesPerSecond: Int = 5
    /// Peers whose `X-Forwarded-For` / `X-Real-IP` are believed (VISITOR_TRUSTED_PROXIES,
    /// comma-separated addresses or CIDR ranges): loopback by default, where a local nginx
    /// sits; everyone else is limited by its own address so it cannot claim to be someone else.
    public var trustedProxies = TrustedProxies.loopback
    /// Contact requests per chat per hour (VISITOR_CONTACT_REQUESTS_PER_HOUR), two at once:
    /// each one alerts the admins in Telegram, so a visitor (or a script) cannot page them
    /// in a loop; a person rarely asks for a human more than a few times an hour.
    public var contactRequestsPerHour: Int = 6
    /// How often an instance reports its connections into Redis; a report lives three
    /// periods, so a dead instance drops out of the stats within 15 s.
    public var reportIntervalSeconds: Double = 5
    /// Messages kept per pipeline and session type for `GET …/ws/messages/…`: the web IM
    /// shows a recent conversation, not an archive (ingest-api keeps the full history).
    public var historyLimit: Int = 200
    /// Kept IM history expires after this many seconds without a new message (a week).
    public var historyTTLSeconds: Int = 7 * 24 * 3600
    /// Messages of one visitor waiting for their answer; more are refused with an error,
    /// so a client cannot queue unbounded work behind a slow desk.
    public var maxWaitingMessages: Int = 8
    /// Streamed answers send at most one frame per this many seconds (each frame carries the
    /// whole text so far, so sending every piece would grow the bytes sent quadratically).
    public var streamFrameIntervalSeconds: Double = 0.05
    /// Entries the rate limiters keep at most (one per client IP); beyond it, idle ones go first.
    public var maxTrackedClients: Int = 100_000

    /// The defaults.
    public init() {}

    /// The defaults overridden by the environment (and `.env`).
    public init(_ source: SettingsSource) throws(ConfigError) {
        connectionsPerMinute = try source.integer(
            "VISITOR_CONNECTIONS_PER_MINUTE", default: connectionsPerMinute, in: 1...1_000_000)
        messagesPerSecond = try source.integer(
            "VISITOR_MESSAGES_PER_SECOND", default: messagesPerSecond, in: 1...1_000_000)
        contactRequestsPerHour = try source.integer(
            "VISITOR_CONTACT_REQUESTS_PER_HOUR", default: contactRequestsPerHour, in: 1...1_000_000)
        if let list = source.string("VISITOR_TRUSTED_PROXIES") {
            let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            do {
                trustedProxies = try TrustedProxies(entries)
            } catch {
                throw ConfigError(
                    setting: "VISITOR_TRUSTED_PROXIES", message: "'\(error.entry)' is not an IPv4 address or CIDR range"
                )
            }
        }
    }
}
