/// The table: every setting a service reads, CONTRACT §2 first, then notify-hub's limits.
/// `--help`, docs/settings.md and the defaults the parsers fall back to all come from here.
extension SettingSpec {
    /// Every service.
    private static let everyone = Set(ServiceName.allCases)
    /// The services that call ingest-api or its Telegram side.
    private static let telegramSide: Set<ServiceName> = [.telegramGateway, .operatorRelay]

    public static let ingestPort = SettingSpec(
        "INGEST_PORT", default: "8000", help: "ingest-api's HTTP port", readers: [.ingestAPI])
    public static let gatewayPort = SettingSpec(
        "GATEWAY_PORT", default: "8081", help: "telegram-gateway's HTTP port", readers: [.telegramGateway])
    public static let relayPort = SettingSpec(
        "RELAY_PORT", default: "8082", help: "operator-relay's HTTP port", readers: [.operatorRelay])
    public static let bindAddress = SettingSpec(
        "BIND_ADDRESS", default: "0.0.0.0", help: "the IPv4 address every HTTP port binds", readers: everyone)
    public static let redisURL = SettingSpec("REDIS_URL", default: "redis://127.0.0.1:6379/0", readers: everyone)
    public static let databaseURL = SettingSpec(
        "DATABASE_URL", default: "postgres://switchboard@127.0.0.1:5432/switchboard", readers: [.ingestAPI])
    public static let telegramToken = SettingSpec(
        "TELEGRAM_TOKEN", default: nil, help: "Telegram side off", readers: telegramSide)
    public static let telegramAPIBase = SettingSpec(
        "TELEGRAM_API_BASE", default: "https://api.telegram.org", readers: [.telegramGateway])
    public static let telegramMode = SettingSpec(
        "TELEGRAM_MODE", default: "polling", help: "polling | webhook", readers: [.telegramGateway])
    public static let webhookURL = SettingSpec(
        "WEBHOOK_URL", default: nil, help: "public https base of the webhook; the path is appended",
        readers: [.telegramGateway])
    public static let webhookPath = SettingSpec(
        "WEBHOOK_PATH", default: "/telegram/webhook", help: "served on GATEWAY_PORT", readers: [.telegramGateway])
    public static let webhookSecret = SettingSpec(
        "WEBHOOK_SECRET", default: nil, help: "required in webhook mode", readers: [.telegramGateway])
    public static let pollTimeout = SettingSpec(
        "POLL_TIMEOUT", default: "50", help: "getUpdates long-poll seconds", readers: [.telegramGateway])
    public static let backendURL = SettingSpec(
        "BACKEND_URL", default: "http://127.0.0.1:8000", help: "where ingest-api is",
        readers: [.telegramGateway, .operatorRelay, .notifyHub])
    public static let operatorChatID = SettingSpec(
        "OPERATOR_CHAT_ID", default: nil, help: "the Telegram chat where operators work", readers: telegramSide)
    public static let adminUserIDs = SettingSpec(
        "ADMIN_USER_IDS", default: nil, help: "comma-separated Telegram user ids alerted of escalations",
        readers: telegramSide)
    public static let operatorUserIDs = SettingSpec(
        "OPERATOR_USER_IDS", default: nil, help: "every member of the operator chat acts", readers: [.operatorRelay])
    public static let adminAPIToken = SettingSpec(
        "ADMIN_API_TOKEN", default: nil, help: "admin API refuses everyone", readers: everyone)
    public static let internalAPIToken = SettingSpec(
        "INTERNAL_API_TOKEN", default: nil, absent: "ADMIN_API_TOKEN",
        help: "the desk's own processes present it to ingest-api", readers: everyone)
    public static let websocketServer = SettingSpec(
        "WEBSOCKET_SERVER", default: nil, absent: "BIND_ADDRESS", help: "notify-hub's bind address",
        readers: [.notifyHub])
    public static let websocketPort = SettingSpec(
        "WEBSOCKET_PORT", default: "7860", help: "notify-hub's HTTP and WebSocket port", readers: [.notifyHub])
    public static let websocketPath = SettingSpec(
        "WEBSOCKET_PATH", default: "/notify", help: "the dashboards' WebSocket", readers: [.notifyHub])
    public static let faqFile = SettingSpec(
        "FAQ_FILE", default: "faq/default.json", help: "loaded at start; the shipped one when absent",
        readers: [.ingestAPI])
    public static let faqSimilarityThreshold = SettingSpec(
        "FAQ_SIMILARITY_THRESHOLD", default: "0.75", readers: [.ingestAPI])
    public static let openAIKey = SettingSpec(
        "OPENAI_API_KEY", default: nil, help: "no model: FAQ answers and tickets only", readers: [.ingestAPI])
    public static let openAIBaseURL = SettingSpec(
        "OPENAI_BASE_URL", default: "https://api.openai.com/v1", readers: [.ingestAPI])
    public static let openAIModel = SettingSpec("OPENAI_MODEL", default: "gpt-4o-mini", readers: [.ingestAPI])
    public static let eventsChannel = SettingSpec("EVENTS_CHANNEL", default: "switchboard:events", readers: everyone)
    public static let maxConnections = SettingSpec(
        "MAX_CONNECTIONS", default: "50000", help: "open connections per process", readers: everyone)
    public static let logLevel = SettingSpec(
        "LOG_LEVEL", default: "info", help: "debug, info, warning, error", readers: everyone)
    public static let trustedProxies = SettingSpec(
        "TRUSTED_PROXIES", default: "127.0.0.0/8",
        help: "addresses or CIDR ranges whose X-Forwarded-For / X-Real-IP name the client, for per-address limits and the admin token's brake; behind nginx in containers, its network",
        readers: [.ingestAPI, .notifyHub])
    public static let defaultLanguage = SettingSpec(
        "DEFAULT_LANGUAGE", default: "en", help: "ru, kk, en, vi, zh; for a user whose language is unknown",
        readers: [.telegramGateway, .operatorRelay, .notifyHub])
    public static let operatorLanguage = SettingSpec(
        "OPERATOR_LANGUAGE", default: "en", help: "ru, kk, en, vi, zh; what operators and admins read",
        readers: telegramSide)

    // notify-hub's visitor limits (VisitorOptions).
    public static let visitorConnectionsPerMinute = SettingSpec(
        "VISITOR_CONNECTIONS_PER_MINUTE", default: "60", help: "reconnects per /contact client_id",
        readers: [.notifyHub], section: .visitorLimits)
    public static let visitorMessagesPerSecond = SettingSpec(
        "VISITOR_MESSAGES_PER_SECOND", default: "5", help: "messages per visitor", readers: [.notifyHub],
        section: .visitorLimits)
    public static let visitorContactRequestsPerHour = SettingSpec(
        "VISITOR_CONTACT_REQUESTS_PER_HOUR", default: "6",
        help: "contact requests, i.e. admin alerts, per chat; two at once", readers: [.notifyHub],
        section: .visitorLimits)
    public static let visitorIPConnectionsPerMinute = SettingSpec(
        "VISITOR_IP_CONNECTIONS_PER_MINUTE", default: "300", help: "new visitor sockets per client IP, both dialects",
        readers: [.notifyHub], section: .visitorLimits)
    public static let visitorIPMessagesPerSecond = SettingSpec(
        "VISITOR_IP_MESSAGES_PER_SECOND", default: "50",
        help: "messages per client IP, all its visitors; 5 s' worth at once", readers: [.notifyHub],
        section: .visitorLimits)
    public static let visitorIPRequestsPerSecond = SettingSpec(
        "VISITOR_IP_REQUESTS_PER_SECOND", default: "50", help: "pipeline REST calls per client IP; 5 s' worth at once",
        readers: [.notifyHub], section: .visitorLimits)
    public static let visitorTrustedProxies = SettingSpec(
        "VISITOR_TRUSTED_PROXIES", default: nil, absent: "TRUSTED_PROXIES",
        help: "addresses or CIDR ranges whose X-Forwarded-For is believed", readers: [.notifyHub],
        section: .visitorLimits)
    public static let visitorIPContactRequestsPerHour = SettingSpec(
        "VISITOR_IP_CONTACT_REQUESTS_PER_HOUR", default: "120",
        help: "contact requests, i.e. admin alerts, per client IP", readers: [.notifyHub], section: .outsiderBudgets)
    public static let visitorContactRepeatSeconds = SettingSpec(
        "VISITOR_CONTACT_REPEAT_SECONDS", default: "600",
        help: "the same text from one IP within it is one alert; 0: off", readers: [.notifyHub],
        section: .outsiderBudgets)
    public static let visitorIPHistoryBytesPerDay = SettingSpec(
        "VISITOR_IP_HISTORY_BYTES_PER_DAY", default: "33554432",
        help: "web IM history one client IP makes the desk keep", readers: [.notifyHub], section: .outsiderBudgets)
    public static let visitorIPHistoriesPerDay = SettingSpec(
        "VISITOR_IP_HISTORIES_PER_DAY", default: "20", help: "web IM histories one client IP may start",
        readers: [.notifyHub], section: .outsiderBudgets)
    public static let visitorHistoryBytesPerDay = SettingSpec(
        "VISITOR_HISTORY_BYTES_PER_DAY", default: "268435456", help: "web IM history of all addresses together",
        readers: [.notifyHub], section: .outsiderBudgets)
    public static let adminTokenFailuresPerMinute = SettingSpec(
        "ADMIN_TOKEN_FAILURES_PER_MINUTE", default: "10", help: "wrong tokens per client IP; past them 429 for a while",
        readers: [.ingestAPI, .notifyHub], section: .adminEndpoints)
    public static let dashboardTicketSeconds = SettingSpec(
        "DASHBOARD_TICKET_SECONDS", default: "30", help: "life of a single-use /notify ticket", readers: [.notifyHub],
        section: .adminEndpoints)

    /// The whole table, in `--help` order.
    public static let all: [SettingSpec] = [
        ingestPort, gatewayPort, relayPort, bindAddress, redisURL, databaseURL, telegramToken, telegramAPIBase,
        telegramMode, webhookURL, webhookPath, webhookSecret, pollTimeout, backendURL, operatorChatID, adminUserIDs,
        operatorUserIDs, adminAPIToken, internalAPIToken, websocketServer, websocketPort, websocketPath, faqFile,
        faqSimilarityThreshold, openAIKey, openAIBaseURL, openAIModel, eventsChannel, maxConnections, logLevel,
        trustedProxies, defaultLanguage, operatorLanguage,
        visitorConnectionsPerMinute, visitorMessagesPerSecond, visitorContactRequestsPerHour,
        visitorIPConnectionsPerMinute, visitorIPMessagesPerSecond, visitorIPRequestsPerSecond, visitorTrustedProxies,
        visitorIPContactRequestsPerHour, visitorContactRepeatSeconds, visitorIPHistoryBytesPerDay,
        visitorIPHistoriesPerDay, visitorHistoryBytesPerDay,
        adminTokenFailuresPerMinute, dashboardTicketSeconds,
    ]

    /// `service`'s view: the settings it reads, in table order.
    public static func read(by service: ServiceName) -> [SettingSpec] {
        all.filter { $0.readers.contains(service) }
    }
}
