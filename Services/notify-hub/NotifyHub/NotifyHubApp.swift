import Admission
import Catalog
import ChatState
import Config
import DeskProtocol
import EventLoop
import Events
import Foundation
import HTTPServer
import Logging
import Redis
import ServiceKit

/// notify-hub, wired: the event feed from Redis, the dashboards' hub and the HTTP server.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public struct NotifyHubApp: ServiceApp {
    /// The HTTP and WebSocket side and the ordered stop.
    public let service: RunningService
    /// The dashboards' fan-out.
    public let hub: DashboardHub
    /// The web visitors' sockets on this instance.
    let visitors: VisitorServices

    /// Open visitor sockets (both dialects) on this instance.
    public var visitorCount: Int { visitors.registry.count }

    /// Builds the parts from `settings` and starts serving. Visitor answers come from
    /// ingest-api at BACKEND_URL unless `answers`/`messageStore` stand in for it (tests).
    public static func start(
        settings: Settings, logger: Logger, loopCount: Int = 0, visitorOptions: VisitorOptions = VisitorOptions(),
        answers: (any AnswerSource)? = nil, messageStore: (any VisitorMessageStore)? = nil
    ) async throws -> NotifyHubApp {
        var skeleton = ServiceSkeleton(.notifyHub, settings: settings, logger: logger)
        skeleton.configuration.loopCount = loopCount > 0 ? loopCount : EventLoopGroup.availableCores
        let redis = try skeleton.redis()
        let keys = EventKeys(channel: settings.eventsChannel)
        let desk = IngestAnswerSource(
            baseURL: settings.backendURL, adminToken: settings.adminAPIToken, internalToken: settings.internalAPIToken)
        let visitors = makeVisitorServices(
            settings: settings, options: visitorOptions, redis: redis, answers: answers ?? desk,
            messageStore: messageStore ?? desk, logger: logger.child("visitors"))
        let gate = AdminGate(
            token: AdminToken(expected: settings.adminAPIToken),
            failuresPerMinute: visitorOptions.adminFailuresPerMinute, trustedProxies: visitorOptions.trustedProxies,
            maxTrackedClients: visitorOptions.maxTrackedClients)
        let tickets = DashboardTickets(
            redis: redis, prefix: HubKeys(eventsChannel: settings.eventsChannel).ticketPrefix,
            ttlSeconds: visitorOptions.ticketLifetime.inWholeSeconds)
        let hub = DashboardHub(
            loopCount: skeleton.configuration.loopCount, log: EventLog(redis: redis, keys: keys), logger: logger)
        skeleton.router.addNotifyRoute(
            path: settings.websocketPath, gate: gate, tickets: tickets, hub: hub,
            replies: RedisOperatorReplySink(redis: redis))
        skeleton.router.addVisitorSockets(services: visitors)
        skeleton.router.addPipelineRoutes(services: visitors, gate: gate)
        skeleton.router.addPages()
        skeleton.router.addAdminAPIProxy(AdminAPIProxy(backendURL: settings.backendURL, gate: gate))
        let memoryWatch = RedisMemoryWatch(
            redis: redis, interval: visitorOptions.redisMemoryInterval, logger: logger.child("redis"))
        addGauges(to: skeleton.metrics, hub: hub, visitors: visitors, memoryWatch: memoryWatch)
        // Withdraw the connection report, stop accepting, close WebSockets with 1001, stop the feed.
        skeleton.onStop(.beforeServer) { await visitors.reporter.stop() }
        skeleton.onStop(.beforeServer) { memoryWatch.stop() }
        let service = try skeleton.serve()
        hub.attach(loops: service.server.loops)
        let subscriber = try RedisSubscriber(
            url: try RedisURL(settings.redisURL.absoluteString), logger: logger.child("events"),
            onReconnect: { hub.subscriptionRestored() }, onDisconnect: { hub.subscriptionLost() })
        service.onStop(.afterServer) { subscriber.stop() }
        let subscribing = Task {
            try await subscriber.subscribe([keys.channel]) { _, message in hub.publish(message) }
            try await visitors.bus.subscribe(on: subscriber)
        }
        // A healthy start is subscribed before it serves; a Redis that is down must not hold
        // the start (SIGTERM would go unheard): the subscriber keeps trying in the background
        // and /readyz says what is wrong meanwhile.
        if await !firstResult(
            within: .seconds(3), orElse: false,
            {
                _ = try? await subscribing.value; return true
            })
        {
            logger.warning("Redis not reachable yet; serving and subscribing in the background")
        }
        visitors.reporter.start()
        memoryWatch.start()
        return NotifyHubApp(service: service, hub: hub, visitors: visitors)
    }

    /// The hub's own gauges: open dashboards and visitor sockets, Redis's memory.
    private static func addGauges(
        to metrics: Metrics, hub: DashboardHub, visitors: VisitorServices, memoryWatch: RedisMemoryWatch
    ) {
        metrics.gauge("notify_dashboards_open", help: "Dashboards connected to /notify on this instance.") {
            Double(hub.connectionCount)
        }
        metrics.gauge("notify_visitors_open", help: "Web visitor sockets (both dialects) on this instance.") {
            Double(visitors.registry.count)
        }
        metrics.gauge("redis_used_memory_bytes", help: "Redis used_memory (INFO memory), as last read.") {
            memoryWatch.usedBytes
        }
        metrics.gauge("redis_maxmemory_bytes", help: "Redis maxmemory (0: no ceiling), as last read.") {
            memoryWatch.maxBytes
        }
        metrics.gauge(
            "redis_memory_used_ratio",
            help: "Redis used_memory / maxmemory (0 without a ceiling); at 1 writes fail (noeviction): alert near 0.8."
        ) { memoryWatch.usedRatio }
    }

    /// The visitor side's parts, all named from EVENTS_CHANNEL.
    private static func makeVisitorServices(
        settings: Settings, options: VisitorOptions, redis: RedisClient, answers: any AnswerSource,
        messageStore: any VisitorMessageStore, logger: Logger
    ) -> VisitorServices {
        let hubKeys = HubKeys(eventsChannel: settings.eventsChannel)
        let registry = VisitorRegistry()
        return VisitorServices(
            options: options, registry: registry,
            conversation: VisitorConversation(
                answers: answers, store: messageStore, modes: ChatModeStore(redis: redis),
                languages: ChatLanguages(redis: redis), logger: logger),
            defaultLanguage: Language(code: settings.defaultLanguage) ?? .en,
            history: PipelineHistory(
                redis: redis, keys: hubKeys, limit: options.historyLimit,
                ttlSeconds: options.historyLifetime.inWholeSeconds,
                quota: HistoryQuota(
                    redis: redis, keys: hubKeys, bytesPerAddress: options.ipHistoryBytesPerDay,
                    historiesPerAddress: options.ipHistoriesPerDay, bytesInTotal: options.historyBytesPerDay)),
            events: EventPublisher(redis: redis, keys: EventKeys(channel: settings.eventsChannel)),
            bus: HubBus(
                redis: redis, keys: hubKeys, replies: VisitorChannel(eventsChannel: settings.eventsChannel),
                registry: registry, logger: logger),
            reporter: InstanceReporter(
                redis: redis, keys: hubKeys, registry: registry, interval: options.reportInterval,
                logger: logger),
            contactGate: ContactRequestGate(
                redis: redis, keys: hubKeys, perHour: options.ipContactRequestsPerHour,
                repeatWindowSeconds: options.contactRepeatWindow.inWholeSeconds),
            limits: VisitorLimits(options),
            logger: logger)
    }
}
