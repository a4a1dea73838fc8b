import Config
import DeskProtocol
import Events
import Logging
import ServiceKit

/// operator-relay, wired: human handoff between user chats and the operator chat, and
/// escalation alerts to admins (CONTRACT §4). Its inputs: the gateway's hand-over stream,
/// the receipts of its own sends, the dashboard's reply stream and the desk's event log;
/// its outputs: the Telegram outbox, web visitors' reply channels, ingest-api.
/// Without TELEGRAM_TOKEN only dashboard replies run (web visitors still get them).
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public struct OperatorRelayApp: ServiceApp {
    /// The HTTP side (health, readiness, metrics) and the ordered stop.
    public let service: RunningService

    /// Builds the parts from `settings` and starts serving; `options` defaults to
    /// production timings on RELAY_PORT.
    public static func start(settings: Settings, logger: Logger, options: RelayOptions? = nil) async throws
        -> OperatorRelayApp
    {
        let options = options ?? RelayOptions(port: settings.relayPort)
        var skeleton = ServiceSkeleton(.operatorRelay, settings: settings, logger: logger)
        // Four blocking readers (three streams, the event log) hold a connection each.
        let redis = try skeleton.redis(poolSize: 12)
        let context = RelayContext(
            settings: settings, redis: redis, options: options, metrics: skeleton.metrics, logger: logger.child("relay")
        )
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
        skeleton.metrics.gauge(
            "dead_letters_parked",
            help: "Input entries this instance parked in the dead-letter store after failing again and again."
        ) { Double(parkedBy.reduce(0) { $0 + $1.parkedCount }) }
        // Stop reading, let what is held finish (the rest stays pending in Redis for the next
        // start), then stop serving.
        skeleton.onStop(.beforeServer) { [events] in await events?.stop() }
        skeleton.onStop(.beforeServer) {
            for consumer in parkedBy { await consumer.stop(gracePeriod: options.shutdownGrace.inSeconds) }
        }
        let service = try skeleton.serve()
        for consumer in consumers { consumer.start() }
        await events?.start()
        logger.info("started", ["telegram": .string(context.isTelegramOn ? "on" : "off")])
        return OperatorRelayApp(service: service)
    }
}
