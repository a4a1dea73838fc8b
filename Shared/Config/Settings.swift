import Foundation
import Logging

/// Every setting of CONTRACT.md §2 (the table, `SettingSpec.all`), parsed and validated once at start. A process that
/// gets a bad value stops with one line naming the setting (see `ConfigError`).
public struct Settings: Sendable {
    /// How the gateway receives updates.
    public enum TelegramMode: String, Sendable { case polling, webhook }

    public var ingestPort: Int
    public var gatewayPort: Int
    public var relayPort: Int
    public var bindAddress: String
    public var redisURL: URL
    public var databaseURL: URL
    /// Nil: the Telegram side is off and the rest works.
    public var telegramToken: String?
    public var telegramAPIBase: URL
    public var telegramMode: TelegramMode
    public var webhookURL: URL?
    public var webhookPath: String
    public var webhookSecret: String?
    /// `POLL_TIMEOUT`: how long one getUpdates call waits for updates.
    public var pollTimeout: Duration
    public var backendURL: URL
    public var operatorChatID: Int64?
    public var adminUserIDs: [Int64]
    /// Nil: the admin API and /notify refuse everyone.
    public var adminAPIToken: String?
    /// `INTERNAL_API_TOKEN` (default: `ADMIN_API_TOKEN`): what the desk's own processes
    /// present to ingest-api, so it lets them write to Telegram and web chats (CONTRACT §3).
    public var internalAPIToken: String?
    /// `OPERATOR_USER_IDS`: when not empty, only these Telegram users act in the operator chat.
    public var operatorUserIDs: [Int64] = []
    public var websocketServer: String
    public var websocketPort: Int
    public var websocketPath: String
    public var faqFile: String
    public var faqSimilarityThreshold: Double
    public var openAIKey: String?
    public var openAIBaseURL: URL
    public var openAIModel: String
    public var eventsChannel: String
    public var maxConnections: Int
    public var logLevel: LogLevel
    /// The language of a user whose language is unknown (ru, kk, en, vi, zh).
    public var defaultLanguage: String
    /// The language of everything posted to operators and admins (ru, kk, en, vi, zh).
    public var operatorLanguage: String
    /// `TRUSTED_PROXIES`: IPv4 addresses or CIDR ranges of the proxies whose
    /// `X-Forwarded-For` / `X-Real-IP` name the client, for per-address limits and the admin
    /// token's brake (default 127.0.0.0/8: a proxy on the same machine).
    public var trustedProxies: [String]

    public init(_ source: SettingsSource) throws(ConfigError) {
        ingestPort = try source.port(.ingestPort)
        gatewayPort = try source.port(.gatewayPort)
        relayPort = try source.port(.relayPort)
        bindAddress = try source.bindAddress(.bindAddress)
        redisURL = try source.url(.redisURL, schemes: ["redis"])!
        databaseURL = try source.url(.databaseURL, schemes: ["postgres", "postgresql"])!
        telegramToken = source.string(.telegramToken)
        if let token = telegramToken, !Self.looksLikeBotToken(token) {
            throw ConfigError(setting: "TELEGRAM_TOKEN", message: "expected the form 123456:ABC… from @BotFather")
        }
        telegramAPIBase = try source.url(.telegramAPIBase, schemes: ["http", "https"])!
        guard let mode = TelegramMode(rawValue: source.string(.telegramMode, else: "").lowercased()) else {
            throw ConfigError(setting: "TELEGRAM_MODE", message: "must be polling or webhook")
        }
        telegramMode = mode
        webhookURL = try source.url(.webhookURL, schemes: ["https", "http"])
        webhookPath = try source.path(.webhookPath)
        webhookSecret = source.string(.webhookSecret)
        if let secret = webhookSecret,
            secret.count > 256
                || !secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        {
            // Telegram's own rule for secret_token: 1-256 of A-Z, a-z, 0-9, _ and -.
            throw ConfigError(setting: "WEBHOOK_SECRET", message: "use 1-256 characters of A-Z, a-z, 0-9, _ and -")
        }
        pollTimeout = try source.seconds(.pollTimeout, in: 0...600)
        backendURL = try source.url(.backendURL, schemes: ["http", "https"])!
        operatorChatID = try source.telegramID(.operatorChatID)
        adminUserIDs = try source.telegramIDs(.adminUserIDs)
        operatorUserIDs = try source.telegramIDs(.operatorUserIDs)
        adminAPIToken = try Self.token(.adminAPIToken, in: source)
        internalAPIToken = try Self.token(.internalAPIToken, in: source) ?? adminAPIToken
        websocketServer = try source.bindAddress(.websocketServer, else: bindAddress)
        websocketPort = try source.port(.websocketPort)
        websocketPath = try source.path(.websocketPath)
        faqFile = source.string(.faqFile, else: "")
        faqSimilarityThreshold = try source.double(.faqSimilarityThreshold, in: 0...1)
        openAIKey = source.string(.openAIKey)
        openAIBaseURL = try source.url(.openAIBaseURL, schemes: ["http", "https"])!
        openAIModel = source.string(.openAIModel, else: "")
        eventsChannel = source.string(.eventsChannel, else: "")
        maxConnections = try source.integer(.maxConnections, in: 1...10_000_000)
        let levelName = source.string(.logLevel, else: "")
        guard let level = LogLevel(name: levelName) else {
            throw ConfigError(setting: "LOG_LEVEL", message: "'\(levelName)' is not one of debug, info, warning, error")
        }
        logLevel = level
        defaultLanguage = try source.language(.defaultLanguage)
        operatorLanguage = try source.language(.operatorLanguage)
        trustedProxies = try source.addressRanges(.trustedProxies)
    }

    /// The gateway's extra rule: webhook mode needs a public URL and a secret.
    public func validateForGateway() throws(ConfigError) {
        guard telegramToken != nil, telegramMode == .webhook else { return }
        if webhookSecret == nil {
            throw ConfigError(setting: "WEBHOOK_SECRET", message: "required when TELEGRAM_MODE=webhook")
        }
        if webhookURL == nil {
            throw ConfigError(setting: "WEBHOOK_URL", message: "required when TELEGRAM_MODE=webhook")
        }
    }

    /// The languages the message catalogue has (Catalog's `Language`).
    public static let languages: Set<String> = ["ru", "kk", "en", "vi", "zh"]

    private static func looksLikeBotToken(_ token: String) -> Bool {
        let parts = token.split(separator: ":", maxSplits: 1)
        return parts.count == 2 && parts[0].allSatisfy(\.isNumber) && !parts[1].isEmpty
            && !token.contains(where: { $0.isWhitespace })
    }

    /// The shortest token accepted: tokens guard the admin API and the dashboards from the
    /// internet, so a guessable one stops the process at start (CONTRACT §2 / issue 15).
    public static let minimumTokenLength = 24

    /// A token setting: unset, or at least `minimumTokenLength` visible characters.
    private static func token(_ spec: SettingSpec, in source: SettingsSource) throws(ConfigError) -> String? {
        let name = spec.name
        guard let value = source.string(spec) else { return nil }
        guard value.count >= minimumTokenLength else {
            throw ConfigError(
                setting: name,
                message:
                    "is \(value.count) characters long; use at least \(minimumTokenLength) (e.g. openssl rand -hex 24)")
        }
        guard value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw ConfigError(setting: name, message: "must be visible ASCII characters without spaces")
        }
        return value
    }
}

extension SettingsSource {
    /// A language of the catalogue, lower-cased ("kz" read as kk); en when unset.
    fileprivate func language(_ spec: SettingSpec) throws(ConfigError) -> String {
        let raw = string(spec, else: "en").lowercased()
        let code = raw == "kz" ? "kk" : raw
        guard Settings.languages.contains(code) else {
            throw ConfigError(setting: spec.name, message: "'\(raw)' is not one of ru, kk, en, vi, zh")
        }
        return code
    }
}

extension Settings {
    /// Where `service` listens: BIND_ADDRESS and its own port setting, or notify-hub's
    /// WEBSOCKET_SERVER and WEBSOCKET_PORT.
    public func listenAddress(of service: ServiceName) -> (host: String, port: Int) {
        switch service {
        case .ingestAPI: (bindAddress, ingestPort)
        case .telegramGateway: (bindAddress, gatewayPort)
        case .operatorRelay: (bindAddress, relayPort)
        case .notifyHub: (websocketServer, websocketPort)
        }
    }
}
