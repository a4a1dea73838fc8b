import Admission
import Config
import Foundation

/// The visitor side's limits and periods (CONTRACT §6: visitor limits are per visitor;
/// per client IP there is only a ceiling an office behind one address does not reach; all
/// configurable). Read from the environment next to `Settings`; the defaults of those that are
/// settings are in the table (`SettingSpec.visitorConnectionsPerMinute`…); every one says why.
/// Limits are kept per instance: behind a balancer each instance counts what it serves.
public struct VisitorOptions: Sendable {
    /// Connections per visitor per minute (VISITOR_CONNECTIONS_PER_MINUTE): reconnects of one
    /// `/contact` client id (a web IM connection is a new visitor each time, so only the
    /// per-IP ceiling counts it). 60 lets a visitor reload the chat once a second for a
    /// minute, and stops one widget stuck in a reconnect loop.
    public var connectionsPerMinute: Int
    /// Messages per visitor (its client or connection id) per second
    /// (VISITOR_MESSAGES_PER_SECOND): a person types far slower than 5 a second; the bucket
    /// holds one second's worth.
    public var messagesPerSecond: Int
    /// New visitor WebSockets per client IP per minute, both dialects
    /// (VISITOR_IP_CONNECTIONS_PER_MINUTE): a ceiling, not a visitor's budget. An office of a
    /// few hundred people behind one NAT opening the widget within the same minute passes;
    /// a script opening thousands of sockets does not.
    public var ipConnectionsPerMinute: Int
    /// Visitor messages per client IP per second, all its visitors together
    /// (VISITOR_IP_MESSAGES_PER_SECOND): ten times a visitor's own budget, sustained; the
    /// bucket holds `ipBurst`'s worth, so a whole office answering a
    /// broadcast at once passes while a flood is held to this rate.
    public var ipMessagesPerSecond: Int
    /// Pipeline REST calls per client IP per second (VISITOR_IP_REQUESTS_PER_SECOND), a
    /// budget of their own: dashboards polling `connections` from the office that also
    /// chats never compete with its visitors. The bucket holds `ipBurst`'s worth.
    public var ipRequestsPerSecond: Int
    /// Seconds' worth of messages and REST calls a client IP may spend at once (its rate
    /// is still the ceiling over time): 5 lets a burst of 250 through at the defaults.
    public var ipBurst: Duration = .seconds(5)
    /// Peers whose `X-Forwarded-For` / `X-Real-IP` are believed (VISITOR_TRUSTED_PROXIES,
    /// else TRUSTED_PROXIES, which ingest-api reads too; comma-separated addresses or CIDR
    /// ranges): loopback by default, where a local nginx sits; everyone else is limited by
    /// its own address so it cannot claim to be someone else.
    public var trustedProxies: TrustedProxies
    /// Contact requests per chat per hour (VISITOR_CONTACT_REQUESTS_PER_HOUR), two at once:
    /// each one alerts the admins in Telegram, so a visitor (or a script) cannot page them
    /// in a loop; a person rarely asks for a human more than a few times an hour.
    public var contactRequestsPerHour: Int
    /// Contact requests per client IP per hour, all its visitors together and counted in
    /// Redis over every hub instance (VISITOR_IP_CONTACT_REQUESTS_PER_HOUR): each one pages
    /// every admin, and a script choosing a fresh client id per request escapes the per-chat
    /// budget. An office asks for a human far less than 120 times an hour; a flood is held to it.
    public var ipContactRequestsPerHour: Int
    /// A contact request repeating the text of one from the same client IP within this many
    /// seconds is acknowledged but pages nobody (VISITOR_CONTACT_REPEAT_SECONDS; 0: off):
    /// the admins already have it.
    public var contactRepeatWindow: Duration
    /// Bytes of web IM history one client IP may make the desk keep per day
    /// (VISITOR_IP_HISTORY_BYTES_PER_DAY): an office of a few hundred people chatting all
    /// day stays far below 32 MiB; a script cannot fill Redis from one address. Past it the
    /// visitors are still answered; their messages are just not kept in the pipeline history
    /// (ingest-api keeps every conversation anyway).
    public var ipHistoryBytesPerDay: Int
    /// Web IM histories (pipeline and session type) one client IP may start per day
    /// (VISITOR_IP_HISTORIES_PER_DAY): pipeline ids are the client's to choose; a site uses
    /// a handful.
    public var ipHistoriesPerDay: Int
    /// Bytes of web IM history all addresses together may make the desk keep per day
    /// (VISITOR_HISTORY_BYTES_PER_DAY): with histories expiring after a day, at most about
    /// twice this is held at any time, whatever the number of addresses.
    public var historyBytesPerDay: Int
    /// Wrong admin tokens per client IP per minute (ADMIN_TOKEN_FAILURES_PER_MINUTE), that
    /// many at once: past them the address gets 429 at every admin endpoint of the hub until
    /// the budget refills, so the token cannot be guessed at network speed.
    public var adminFailuresPerMinute: Int
    /// How long a dashboard ticket (`POST /notify/ticket`) stays valid (DASHBOARD_TICKET_SECONDS).
    public var ticketLifetime: Duration
    /// How often Redis's memory is read for /metrics (`RedisMemoryWatch`).
    public var redisMemoryInterval: Duration = .seconds(15)
    /// How often an instance reports its connections into Redis; a report lives three
    /// periods, so a dead instance drops out of the stats within 15 s.
    public var reportInterval: Duration = .seconds(5)
    /// Messages kept per pipeline and session type for `GET …/ws/messages/…`: the web IM
    /// shows a recent conversation, not an archive (ingest-api keeps the full history).
    public var historyLimit: Int = 100
    /// Kept IM history expires after this many seconds without a new message (a day: the
    /// web IM shows today's conversation; ingest-api keeps the full history).
    public var historyLifetime: Duration = .seconds(24 * 3600)
    /// Messages of one visitor waiting for their answer; more are refused with an error,
    /// so a client cannot queue unbounded work behind a slow desk.
    public var maxWaitingMessages: Int = 8
    /// Streamed answers send at most one frame per this many seconds (each frame carries the
    /// whole text so far, so sending every piece would grow the bytes sent quadratically).
    public var streamFrameInterval: Duration = .milliseconds(50)
    /// Entries each rate limiter keeps at most (one per visitor or client IP, each expiring
    /// once its bucket has refilled); beyond it, idle ones go first and then new keys go
    /// untracked, so a flood of fresh ids cannot grow memory.
    public var maxTrackedClients: Int = 100_000

    /// The defaults (the settings table's, for those that are settings).
    public init() {
        // The table's defaults parse: ConfigTests and VisitorUnitTests check them.
        try! self.init(SettingsSource(values: [:]))  // unreachable: no value to refuse
    }

    /// The table's settings read from `source` (the environment and `.env`), over the defaults.
    public init(_ source: SettingsSource) throws(ConfigError) {
        let count = 1...1_000_000
        connectionsPerMinute = try source.integer(.visitorConnectionsPerMinute, in: count)
        messagesPerSecond = try source.integer(.visitorMessagesPerSecond, in: count)
        ipConnectionsPerMinute = try source.integer(.visitorIPConnectionsPerMinute, in: count)
        ipMessagesPerSecond = try source.integer(.visitorIPMessagesPerSecond, in: count)
        ipRequestsPerSecond = try source.integer(.visitorIPRequestsPerSecond, in: count)
        contactRequestsPerHour = try source.integer(.visitorContactRequestsPerHour, in: count)
        ipContactRequestsPerHour = try source.integer(.visitorIPContactRequestsPerHour, in: count)
        contactRepeatWindow = try source.seconds(.visitorContactRepeatSeconds, in: 0...86_400)
        ipHistoryBytesPerDay = try source.integer(.visitorIPHistoryBytesPerDay, in: 0...(1 << 40))
        ipHistoriesPerDay = try source.integer(.visitorIPHistoriesPerDay, in: 0...1_000_000)
        historyBytesPerDay = try source.integer(.visitorHistoryBytesPerDay, in: 0...(1 << 40))
        adminFailuresPerMinute = try source.integer(.adminTokenFailuresPerMinute, in: count)
        ticketLifetime = try source.seconds(.dashboardTicketSeconds, in: 1...3600)
        // VISITOR_TRUSTED_PROXIES when set, else TRUSTED_PROXIES (ingest-api's too).
        let proxies: SettingSpec =
            source.string(SettingSpec.visitorTrustedProxies.name) != nil ? .visitorTrustedProxies : .trustedProxies
        do {
            trustedProxies = try TrustedProxies(source.list(proxies))
        } catch {
            throw ConfigError(setting: proxies.name, message: "'\(error.entry)' is not an IPv4 address or CIDR range")
        }
    }
}
