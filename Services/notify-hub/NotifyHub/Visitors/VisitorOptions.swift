import Admission
import Config
import Foundation

/// The visitor side's limits and periods (CONTRACT §6: visitor limits are per visitor;
/// per client IP there is only a ceiling an office behind one address does not reach; all
/// configurable). Read from the environment next to `Settings`; every default says why.
/// Limits are kept per instance: behind a balancer each instance counts what it serves.
public struct VisitorOptions: Sendable {
    /// Connections per visitor per minute (VISITOR_CONNECTIONS_PER_MINUTE): reconnects of one
    /// `/contact` client id (a web IM connection is a new visitor each time, so only the
    /// per-IP ceiling counts it). 60 lets a visitor reload the chat once a second for a
    /// minute, and stops one widget stuck in a reconnect loop.
    public var connectionsPerMinute: Int = 60
    /// Messages per visitor (its client or connection id) per second
    /// (VISITOR_MESSAGES_PER_SECOND): a person types far slower than 5 a second; the bucket
    /// holds one second's worth.
    public var messagesPerSecond: Int = 5
    /// New visitor WebSockets per client IP per minute, both dialects
    /// (VISITOR_IP_CONNECTIONS_PER_MINUTE): a ceiling, not a visitor's budget. An office of a
    /// few hundred people behind one NAT opening the widget within the same minute passes;
    /// a script opening thousands of sockets does not.
    public var ipConnectionsPerMinute: Int = 300
    /// Visitor messages per client IP per second, all its visitors together
    /// (VISITOR_IP_MESSAGES_PER_SECOND): ten times a visitor's own budget, sustained; the
    /// bucket holds `ipBurstSeconds` seconds' worth, so a whole office answering a
    /// broadcast at once passes while a flood is held to this rate.
    public var ipMessagesPerSecond: Int = 50
    /// Pipeline REST calls per client IP per second (VISITOR_IP_REQUESTS_PER_SECOND), a
    /// budget of their own: dashboards polling `connections` from the office that also
    /// chats never compete with its visitors. The bucket holds `ipBurstSeconds`' worth.
    public var ipRequestsPerSecond: Int = 50
    /// Seconds' worth of messages and REST calls a client IP may spend at once (its rate
    /// is still the ceiling over time): 5 lets a burst of 250 through at the defaults.
    public var ipBurstSeconds: Int = 5
    /// Peers whose `X-Forwarded-For` / `X-Real-IP` are believed (VISITOR_TRUSTED_PROXIES,
    /// else TRUSTED_PROXIES, which ingest-api reads too; comma-separated addresses or CIDR
    /// ranges): loopback by default, where a local nginx sits; everyone else is limited by
    /// its own address so it cannot claim to be someone else.
    public var trustedProxies = TrustedProxies.loopback
    /// Contact requests per chat per hour (VISITOR_CONTACT_REQUESTS_PER_HOUR), two at once:
    /// each one alerts the admins in Telegram, so a visitor (or a script) cannot page them
    /// in a loop; a person rarely asks for a human more than a few times an hour.
    public var contactRequestsPerHour: Int = 6
    /// Contact requests per client IP per hour, all its visitors together and counted in
    /// Redis over every hub instance (VISITOR_IP_CONTACT_REQUESTS_PER_HOUR): each one pages
    /// every admin, and a script choosing a fresh client id per request escapes the per-chat
    /// budget. An office asks for a human far less than 120 times an hour; a flood is held to it.
    public var ipContactRequestsPerHour: Int = 120
    /// A contact request repeating the text of one from the same client IP within this many
    /// seconds is acknowledged but pages nobody (VISITOR_CONTACT_REPEAT_SECONDS; 0: off):
    /// the admins already have it.
    public var contactRepeatWindowSeconds: Int = 600
    /// Bytes of web IM history one client IP may make the desk keep per day
    /// (VISITOR_IP_HISTORY_BYTES_PER_DAY): an office of a few hundred people chatting all
    /// day stays far below 32 MiB; a script cannot fill Redis from one address. Past it the
    /// visitors are still answered; their messages are just not kept in the pipeline history
    /// (ingest-api keeps every conversation anyway).
    public var ipHistoryBytesPerDay: Int = 32 << 20
    /// Web IM histories (pipeline and session type) one client IP may start per day
    /// (VISITOR_IP_HISTORIES_PER_DAY): pipeline ids are the client's to choose; a site uses
    /// a handful.
    public var ipHistoriesPerDay: Int = 20
    /// Bytes of web IM history all addresses together may make the desk keep per day
    /// (VISITOR_HISTORY_BYTES_PER_DAY): with histories expiring after a day, at most about
    /// twice this is held at any time, whatever the number of addresses.
    public var historyBytesPerDay: Int = 256 << 20
    /// Wrong admin tokens per client IP per minute (ADMIN_TOKEN_FAILURES_PER_MINUTE), that
    /// many at once: past them the address gets 429 at every admin endpoint of the hub until
    /// the budget refills, so the token cannot be guessed at network speed.
    public var adminFailuresPerMinute: Int = 10
    /// Seconds a dashboard ticket (`POST /notify/ticket`) stays valid (DASHBOARD_TICKET_SECONDS).
    public var ticketTTLSeconds: Int = 30
    /// How often Redis's memory is read for /metrics (`RedisMemoryWatch`).
    public var redisMemoryIntervalSeconds: Double = 15
    /// How often an instance reports its connections into Redis; a report lives three
    /// periods, so a dead instance drops out of the stats within 15 s.
    public var reportIntervalSeconds: Double = 5
    /// Messages kept per pipeline and session type for `GET …/ws/messages/…`: the web IM
    /// shows a recent conversation, not an archive (ingest-api keeps the full history).
    public var historyLimit: Int = 100
    /// Kept IM history expires after this many seconds without a new message (a day: the
    /// web IM shows today's conversation; ingest-api keeps the full history).
    public var historyTTLSeconds: Int = 24 * 3600
    /// Messages of one visitor waiting for their answer; more are refused with an error,
    /// so a client cannot queue unbounded work behind a slow desk.
    public var maxWaitingMessages: Int = 8
    /// Streamed answers send at most one frame per this many seconds (each frame carries the
    /// whole text so far, so sending every piece would grow the bytes sent quadratically).
    public var streamFrameIntervalSeconds: Double = 0.05
    /// Entries each rate limiter keeps at most (one per visitor or client IP, each expiring
    /// once its bucket has refilled); beyond it, idle ones go first and then new keys go
    /// untracked, so a flood of fresh ids cannot grow memory.
    public var maxTrackedClients: Int = 100_000

    /// The defaults.
    public init() {}

    /// The defaults overridden by the environment (and `.env`).
    public init(_ source: SettingsSource) throws(ConfigError) {
        connectionsPerMinute = try source.integer(
            "VISITOR_CONNECTIONS_PER_MINUTE", default: connectionsPerMinute, in: 1...1_000_000)
        messagesPerSecond = try source.integer(
            "VISITOR_MESSAGES_PER_SECOND", default: messagesPerSecond, in: 1...1_000_000)
        ipConnectionsPerMinute = try source.integer(
            "VISITOR_IP_CONNECTIONS_PER_MINUTE", default: ipConnectionsPerMinute, in: 1...1_000_000)
        ipMessagesPerSecond = try source.integer(
            "VISITOR_IP_MESSAGES_PER_SECOND", default: ipMessagesPerSecond, in: 1...1_000_000)
        ipRequestsPerSecond = try source.integer(
            "VISITOR_IP_REQUESTS_PER_SECOND", default: ipRequestsPerSecond, in: 1...1_000_000)
        contactRequestsPerHour = try source.integer(
            "VISITOR_CONTACT_REQUESTS_PER_HOUR", default: contactRequestsPerHour, in: 1...1_000_000)
        ipContactRequestsPerHour = try source.integer(
            "VISITOR_IP_CONTACT_REQUESTS_PER_HOUR", default: ipContactRequestsPerHour, in: 1...1_000_000)
        contactRepeatWindowSeconds = try source.integer(
            "VISITOR_CONTACT_REPEAT_SECONDS", default: contactRepeatWindowSeconds, in: 0...86_400)
        ipHistoryBytesPerDay = try source.integer(
            "VISITOR_IP_HISTORY_BYTES_PER_DAY", default: ipHistoryBytesPerDay, in: 0...(1 << 40))
        ipHistoriesPerDay = try source.integer(
            "VISITOR_IP_HISTORIES_PER_DAY", default: ipHistoriesPerDay, in: 0...1_000_000)
        historyBytesPerDay = try source.integer(
            "VISITOR_HISTORY_BYTES_PER_DAY", default: historyBytesPerDay, in: 0...(1 << 40))
        adminFailuresPerMinute = try source.integer(
            "ADMIN_TOKEN_FAILURES_PER_MINUTE", default: adminFailuresPerMinute, in: 1...1_000_000)
        ticketTTLSeconds = try source.integer("DASHBOARD_TICKET_SECONDS", default: ticketTTLSeconds, in: 1...3600)
        let proxiesSetting =
            source.string("VISITOR_TRUSTED_PROXIES") != nil ? "VISITOR_TRUSTED_PROXIES" : "TRUSTED_PROXIES"
        if let list = source.string(proxiesSetting) {
            let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            do {
                trustedProxies = try TrustedProxies(entries)
            } catch {
                throw ConfigError(
                    setting: proxiesSetting, message: "'\(error.entry)' is not an IPv4 address or CIDR range"
                )
            }
        }
    }
}
