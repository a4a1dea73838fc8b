import Catalog
import ChatState
import Config
import DeskProtocol
import Events
import HTTPServer
import IngestClient
import Logging
import Redis
import TelegramOutbox

/// operator-relay, wired: human handoff between user chats and the operator chat, and
/// escalation alerts to admins (CONTRACT §4). Its inputs: the gateway's hand-over stream,
/// the receipts of its own sends, the dashboard's reply stream and the desk's event log;
/// its outputs: the Telegram outbox, web visitors' reply channels, ingest-api.
/// Without TELEGRAM_TOKEN only dashboard replies run (web visitors still get them).
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public final class OperatorRelayApp: Sendable {
    /// The HTTP server (health, readiness, metrics).
    private let server: HTTPServer
    /// The stream consumers.
    private let consumers: [StreamConsumer]
    /// The event-log follower, with Telegram on.
    private let events: EventTail?
    /// Timings.
    private let options: RelayOptions
    /// Where log lines go.
    private let logger: Logger

    /// The HTTP port bound.
    public var port: Int { server.port }

    /// Keeps the parts.
    private init(
        server: HTTPServer, consumers: [StreamConsumer], events: EventTail?, options: RelayOptions, logger: Logger
    ) {
        self.server = server
        self.consumers = consumers
        self.events = events
        self.options = options
        self.logger = logger
    }

    /// Builds the parts from `settings` and starts serving; `options` defaults to
    /// production timings on RELAY_PORT.
    public static func start(settings: Settings, logger: Logger, options: RelayOptions? = nil) async throws
        -> OperatorRelayApp
    {
        let options = options ?? RelayOptions(port: settings.relayPort)
        // Four blocking readers (three streams, the event log) hold a connection each.
        let redis = RedisClient(
            url: try RedisURL(settings.redisURL.absoluteString), poolSize: 12, logger: logger.child("redis"))
        let metrics = Metrics()
        let keys = options.keys
        let context = RelayContext(
            redis: redis, keys: keys, options: options, outbox: TelegramOutbox(redis: redis, key: keys.outbox),
            ingest: IngestClient(
                baseURL: settings.backendURL, adminToken: settings.adminAPIToken, internalToken: settings.internalAPIToken,
                timeoutSeconds: options.ingestTimeoutSeconds),
            modes: ChatModeStore(redis: redis, prefix: keys.chatMode),
            blocked: BlockedChats(redis: redis, key: keys.blockedChats),
            visitors: VisitorChannel(eventsChannel: settings.eventsChannel), operatorChatID: settings.operatorChatID,
            adminUserIDs: settings.adminUserIDs, operatorUserIDs: Set(settings.operatorUserIDs),
            defaultLanguage: Language(code: settings.defaultLanguage) ?? .en,
            operatorLanguage: Language(code: settings.operatorLanguage) ?? .en,
            isTelegramOn: settings.telegramToken != nil, metrics: metrics,
            logger: logger.child("relay"))
        var router = Router()
        router.addStandardRoutes(metrics: metrics, readiness: [ReadinessCheck("redis") { try await redis.ping() }])
        var configuration = ServerConfiguration()
        configuration.host = settings.bindAddress
        configuration.port = settings.relayPort
        configuration.maxConnections = settings.maxConnections
        let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        var consumers = [RelayConsumers.dashboard(context)]
        var events: EventTail?
        if context.isTelegramOn {
            consumers += [RelayConsumers.receipts(context), RelayConsumers.inbox(context)]
            events = EventTail(
                log: EventLog(redis: redis, keys: EventKeys(channel: settings.eventsChannel)), context: context)
            if settings.operatorChatID == nil {
                logger.warning("OPERATOR_CHAT_ID is not set: nothing reaches operators")
            }
        } else {
            logger.warning("TELEGRAM_TOKEN is not set: only dashboard replies are relayed")
        }
        let parkedBy = consumers
        metrics.gauge(
            "dead_letters_parked", help: "Input entries this instance parked in the dead-letter store after failing again and again."
        ) { Double(parkedBy.reduce(0) { $0 + $1.parkedCount }) }
        for consumer in consumers { consumer.start() }
        await events?.start()
        logger.info("started", ["telegram": .string(context.isTelegramOn ? "on" : "off")])
        return OperatorRelayApp(server: server, consumers: consumers, events: events, options: options, logger: logger)
    }

    /// Graceful stop (CONTRACT §1): stop reading, let what is held finish (the rest stays
    /// pending in Redis for the next start), then stop serving.
    public func shutdown() async {
        logger.info("stopping")
        await events?.stop()
        for consumer in consumers { await consumer.stop(gracePeriod: options.shutdownGraceSeconds) }
        await server.shutdown()
    }
}
