import Admission
import ChatState
import Config
import DeskProtocol
import Events
import Foundation
import HTTPServer
import Logging
import Postgres
import Redis

/// The service's parts built from the settings, before anything listens.
struct IngestParts: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database
    /// Redis: events and chat modes.
    let redis: RedisClient
    /// The LLM, nil without `OPENAI_API_KEY`.
    let model: (any AnswerModel)?
    /// Migrations and FAQ loading.
    let bootstrap: DatabaseBootstrap
    /// The settings of CONTRACT §2.
    let settings: Settings
    /// The tunables.
    let options: IngestOptions
    /// Where the service logs.
    let logger: Logger
    /// The ticket classifier.
    let classifier: Classifier
    /// Publishes the outbox to Redis (when this instance holds the lease).
    let drainer: OutboxDrainer

    /// Builds every part around `redis`; throws when a setting or a shipped file is unusable.
    init(settings: Settings, redis: RedisClient, logger: Logger, options: IngestOptions) throws {
        self.settings = settings
        self.options = options
        self.logger = logger
        let configuration = try PostgresConfiguration(
            url: settings.databaseURL.absoluteString, connectTimeout: options.databaseConnectTimeout,
            applicationName: "ingest-api")
        let pool = PostgresPool(
            configuration: configuration, size: options.databasePoolSize, callDeadline: options.databaseDeadline,
            logger: logger)
        database = Database(pool: pool, deadline: options.databaseDeadline, logger: logger.child("database"))
        self.redis = redis
        var drainerOptions = OutboxDrainer.Options()
        drainerOptions.leaseDuration = options.outboxLeaseDuration
        drainerOptions.renewInterval = min(.seconds(1), options.outboxLeaseDuration / 3)
        drainer = OutboxDrainer(
            database: database, publisher: EventPublisher(redis: redis, keys: EventKeys(channel: settings.eventsChannel)),
            logger: logger.child("outbox"), options: drainerOptions)
        model = settings.openAIKey.map { key in
            OpenAICompatibleModel(
                baseURL: settings.openAIBaseURL, apiKey: key, model: settings.openAIModel, timeout: options.modelTimeout
            )
        }
        guard let rulesURL = options.classificationRulesURL ?? ShippedResources.classificationRules,
            let migrations = ShippedResources.migrations
        else { throw StartupError("the classification rules or migrations are not shipped with the binary") }
        classifier = Classifier(rules: try ClassificationRules.load(from: rulesURL))
        let (faqFile, faqURL) = try FAQFile.load(
            path: settings.faqFile, defaultPath: "faq/default.json", fallback: ShippedResources.defaultFAQ)
        logger.info("FAQ file", ["path": .string(faqURL.path), "entries": .int(faqFile.entries.count)])
        bootstrap = DatabaseBootstrap(
            database: database, migrator: Migrator(directory: migrations, logger: logger), faqEntries: faqFile.entries,
            faq: FAQStore(database: database), retryInterval: options.migrationRetryInterval, logger: logger)
    }

    /// The handlers' shared context.
    func context(metrics: Metrics) throws -> AppContext {
        let events = DeskEvents(drainer: drainer)
        metrics.gauge(
            "dead_letters_parked",
            help: "Outbox rows this instance parked in the dead-letter store after failing again and again."
        ) { [drainer] in Double(drainer.parkedCount) }
        let chats = ChatStore(database: database, sessionIdleSeconds: options.sessionIdle.inSeconds, events: events)
        let tickets = TicketStore(database: database, events: events)
        let faq = FAQStore(database: database)
        let detector = LanguageDetector()
        let ingest = IngestService(
            chats: chats, tickets: tickets,
            oneCall: OneCallIngest(
                database: database, sessionIdleSeconds: options.sessionIdle.inSeconds,
                abandonSeconds: options.requestKeyAbandon.inSeconds, events: events),
            requestKeys: RequestKeys(database: database, abandonSeconds: options.requestKeyAbandon.inSeconds), faq: faq,
            classifier: classifier, detector: detector, model: model,
            threshold: settings.faqSimilarityThreshold, historyCount: options.modelHistoryCount,
            metrics: metrics, logger: logger)
        let gate = AdminGate(
            token: AdminToken(expected: settings.adminAPIToken), failuresPerMinute: options.adminFailuresPerMinute,
            trustedProxies: try TrustedProxies(settings.trustedProxies))
        guard let openAPIURL = ShippedResources.openAPI else { throw StartupError("openapi.json is not shipped") }
        let document = try Data(contentsOf: openAPIURL)
        return AppContext(
            ingest: ingest, modes: ChatModeStore(redis: redis),
            deadLetters: DeadLetterRoutes.stores(redis: redis),
            outboxDeadLetters: OutboxDeadLetters(database: database, wake: { [drainer] in drainer.wake() }),
            auth: AdminAuth(gate: gate), internalToken: AdminToken(expected: settings.internalAPIToken),
            openAPIDocument: Array(document))
    }
}
