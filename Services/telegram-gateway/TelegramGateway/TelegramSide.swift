import Catalog
import ChatState
import Config
import DeskProtocol
import Events
import HTTPServer
import IngestClient
import Logging
import Redis
import TelegramBotAPI
import TelegramOutbox

/// Everything that talks to Telegram, started only when TELEGRAM_TOKEN is set: the
/// receiver (poller or webhook), the workers that handle stored updates, and the sender.
final class TelegramSide: Sendable {
    /// The long-poll loop (polling mode).
    private let poller: UpdatePoller?
    /// The setWebhook loop (webhook mode).
    private let webhook: WebhookRegistration?
    /// The consumers of stored updates.
    private let workers: StreamConsumer
    /// The outbox consumer.
    private let sender: OutboxSender

    /// Builds the parts; the webhook route (in webhook mode) is added to `router`.
    init(
        token: String, settings: Settings, options: GatewayOptions, redis: RedisClient, router: inout Router,
        metrics: Metrics, logger: Logger
    ) {
        let keys = options.keys
        let api = BotAPIClient(
            token: token, baseURL: settings.telegramAPIBase, requestTimeout: options.telegramTimeout)
        let inbox = UpdateInbox(redis: redis, keys: keys)
        let outbox = TelegramOutbox(redis: redis, key: keys.outbox)
        let relay = RelayInbox(redis: redis, key: keys.relayInbox)
        let blocked = BlockedChats(redis: redis, key: keys.blockedChats)
        // A call in flight holds its chat's turn until it ends, at most its time limit and a second.
        let limiter = SendRateLimiter(
            redis: redis, keys: keys, limits: options.limits,
            inFlightMilliseconds: Int(options.telegramTimeout.inSeconds * 1000) + 1000)
        let requestSender = RequestSender(
            api: api, limiter: limiter,
            progress: SendProgress(redis: redis, keys: keys), blocked: blocked, relay: relay, backoff: options.backoff,
            splitLimit: options.splitLimit, metrics: metrics, logger: logger.child("sender"))
        let context = GatewayContext(
            api: api, outbox: outbox, sender: requestSender, relay: relay,
            modes: ChatModeStore(redis: redis, prefix: keys.chatMode),
            ingest: IngestClient(
                baseURL: settings.backendURL, adminToken: settings.adminAPIToken,
                internalToken: settings.internalAPIToken,
                timeout: options.ingestTimeout),
            events: EventPublisher(redis: redis, keys: EventKeys(channel: settings.eventsChannel)), blocked: blocked,
            memo: UpdateMemo(redis: redis, prefix: keys.updateMemo),
            seen: SeenChats(redis: redis, prefix: keys.seenChats),
            languages: ChatLanguages(redis: redis, prefix: keys.chatLanguage),
            defaultLanguage: Language(code: settings.defaultLanguage) ?? .en,
            operatorLanguage: Language(code: settings.operatorLanguage) ?? .en, operatorChatID: settings.operatorChatID,
            adminAnswers: AdminAnswers(
                redis: redis, adminUserIDs: Set(settings.adminUserIDs), names: keys),
            ingestRetryDelay: options.ingestRetryDelay, pacing: options.answerPacing, logger: logger.child("updates"))
        var consumerOptions = StreamConsumerOptions(consumerName: options.instanceName)
        consumerOptions.claimIdleMilliseconds = options.claimIdle.inMilliseconds
        var workerOptions = consumerOptions
        // A poison update (its handling throws again and again while others get through) is
        // parked in the dead-letter store after 5 tries; the chat's later updates wait behind
        // it until then, so they keep their order.
        workerOptions.deadLetterAfter = 5
        workers = Self.makeWorkers(inbox: inbox, context: context, options: workerOptions, metrics: metrics)
        let parkedBy = workers
        metrics.gauge(
            "dead_letters_parked",
            help: "Updates this instance parked in the dead-letter store after failing again and again."
        ) { Double(parkedBy.parkedCount) }
        sender = OutboxSender(
            outbox: outbox, redis: redis, sender: requestSender, options: consumerOptions,
            logger: logger.child("sender"))
        switch settings.telegramMode {
        case .polling:
            webhook = nil
            poller = UpdatePoller(
                api: api, inbox: inbox, redis: redis, keys: keys, instance: options.instanceName,
                pollTimeout: settings.pollTimeout, backoff: options.backoff, logger: logger.child("poller"))
        case .webhook:
            poller = nil
            let secret = settings.webhookSecret ?? ""
            WebhookEndpoint.add(
                to: &router, path: settings.webhookPath, secret: secret, inbox: inbox, logger: logger.child("webhook"))
            webhook = WebhookRegistration(
                api: api, url: Self.webhookAddress(settings), secret: secret, backoff: options.backoff,
                logger: logger.child("webhook"))
        }
    }

    /// The workers: each stored update handled once, one chat at a time, chats in parallel.
    private static func makeWorkers(
        inbox: UpdateInbox, context: GatewayContext, options: StreamConsumerOptions, metrics: Metrics
    ) -> StreamConsumer {
        let handler = UpdateHandler(context: context)
        return StreamConsumer(
            stream: inbox.stream, options: options, logger: context.logger,
            key: { UpdateInbox.update(from: $0)?.chatID },
            reportingHandler: { entry in
                guard let update = UpdateInbox.update(from: entry) else { return nil }
                do {
                    try await handler.handle(update)
                    metrics.increment("telegram_updates_handled_total", help: "Updates handled.")
                    return nil
                } catch {
                    context.logger.warning(
                        "update not handled; it will be retried",
                        ["update": .int(Int(update.updateID)), "error": .string("\(error)")])
                    return HandlingFailure(error) { error in
                        switch error {
                        case IngestClientError.unreachable, IngestClientError.timedOut: true
                        case IngestClientError.refused(let status, _, _), IngestClientError.badResponse(let status, _):
                            status >= 500 || status == 429
                        default: false
                        }
                    }
                }
            })
    }

    /// `WEBHOOK_URL` + `WEBHOOK_PATH`, without a doubled slash.
    static func webhookAddress(_ settings: Settings) -> String {
        var base = settings.webhookURL?.absoluteString ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        return base + settings.webhookPath
    }

    /// Starts sending, handling and receiving, in that order.
    func start() {
        sender.start()
        workers.start()
        webhook?.start()
        poller?.start()
    }

    /// Stops receiving, then lets handling and sending finish what they hold.
    func stop(gracePeriod: Duration) async {
        await poller?.stop()
        webhook?.stop()
        await workers.stop(gracePeriod: gracePeriod.inSeconds)
        await sender.stop(gracePeriod: gracePeriod.inSeconds)
    }
}
