import Config
import Testing

@Suite struct SettingsTableTests {
    /// CONTRACT §2's settings with their defaults (nil: none), as the contract spells them.
    static let contract: [(String, String?)] = [
        ("INGEST_PORT", "8000"), ("GATEWAY_PORT", "8081"), ("RELAY_PORT", "8082"), ("BIND_ADDRESS", "0.0.0.0"),
        ("REDIS_URL", "redis://127.0.0.1:6379/0"),
        ("DATABASE_URL", "postgres://switchboard@127.0.0.1:5432/switchboard"), ("TELEGRAM_TOKEN", nil),
        ("TELEGRAM_API_BASE", "https://api.telegram.org"), ("TELEGRAM_MODE", "polling"), ("WEBHOOK_URL", nil),
        ("WEBHOOK_PATH", "/telegram/webhook"), ("WEBHOOK_SECRET", nil), ("POLL_TIMEOUT", "50"),
        ("BACKEND_URL", "http://127.0.0.1:8000"), ("OPERATOR_CHAT_ID", nil), ("ADMIN_USER_IDS", nil),
        ("ADMIN_API_TOKEN", nil), ("INTERNAL_API_TOKEN", nil), ("WEBSOCKET_PORT", "7860"),
        ("WEBSOCKET_PATH", "/notify"), ("FAQ_FILE", "faq/default.json"), ("FAQ_SIMILARITY_THRESHOLD", "0.75"),
        ("OPENAI_API_KEY", nil), ("OPENAI_BASE_URL", "https://api.openai.com/v1"), ("OPENAI_MODEL", "gpt-4o-mini"),
        ("EVENTS_CHANNEL", "switchboard:events"), ("MAX_CONNECTIONS", "50000"), ("LOG_LEVEL", "info"),
        ("DEFAULT_LANGUAGE", "en"), ("OPERATOR_LANGUAGE", "en"), ("OPERATOR_USER_IDS", nil),
    ]

    @Test func theTableHoldsEveryContractSettingWithItsDefault() {
        let table = Dictionary(uniqueKeysWithValues: SettingSpec.all.map { ($0.name, $0) })
        for (name, expected) in Self.contract {
            #expect(table[name] != nil, "\(name) is missing from the table")
            #expect(table[name]?.defaultValue == expected, "\(name)")
        }
    }

    @Test func everySettingIsReadBySomeServiceAndNamedOnce() {
        #expect(Set(SettingSpec.all.map(\.name)).count == SettingSpec.all.count)
        for spec in SettingSpec.all { #expect(!spec.readers.isEmpty, "\(spec.name)") }
    }

    @Test func theTablesDefaultsAreWhatAnEmptyEnvironmentParsesTo() throws {
        let defaults = try Settings(SettingsSource(values: [:]))
        var spelled: [String: String] = [:]
        for spec in SettingSpec.all { spelled[spec.name] = spec.defaultValue }
        let explicit = try Settings(SettingsSource(values: spelled))
        #expect(explicit.ingestPort == defaults.ingestPort && explicit.pollTimeout == defaults.pollTimeout)
        #expect(explicit.redisURL == defaults.redisURL && explicit.websocketServer == defaults.websocketServer)
    }

    @Test(arguments: ServiceName.allCases)
    func helpListsEachSettingTheServiceReadsWithItsDefault(_ service: ServiceName) {
        let help = SettingsHelp.usage(for: service, summary: "What it does.")
        #expect(help.hasPrefix("Usage: \(service.rawValue) [--help]"))
        let lines = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for spec in SettingSpec.all {
            let listed = lines.first { $0.hasPrefix(spec.name + " ") }
            if spec.readers.contains(service) {
                #expect(
                    listed?.hasSuffix(spec.shownDefault) == true, "\(service) \(spec.name): \(listed ?? "not listed")")
            } else {
                #expect(listed == nil, "\(service) lists \(spec.name), which it does not read")
            }
        }
    }

    @Test func helpShowsDefaultsAndWhatAnUnsetSettingMeans() {
        let gateway = SettingsHelp.settings(of: .telegramGateway)
        #expect(gateway.contains("  POLL_TIMEOUT                            50 (getUpdates long-poll seconds)"))
        #expect(gateway.contains("TELEGRAM_TOKEN                          none (Telegram side off)"))
        #expect(!gateway.contains("VISITOR_"))
        let hub = SettingsHelp.settings(of: .notifyHub)
        // Unset, the hub's own list is the one every service reads.
        #expect(hub.contains("VISITOR_TRUSTED_PROXIES                 TRUSTED_PROXIES"))
        #expect(hub.contains("TRUSTED_PROXIES                         127.0.0.0/8"))
        #expect(hub.contains("WEBSOCKET_SERVER                        BIND_ADDRESS"))
        #expect(hub.contains("Past a history budget visitors are still answered"))
    }

    @Test func aSecondsSettingIsADuration() throws {
        let settings = try Settings(SettingsSource(values: ["POLL_TIMEOUT": "7"]))
        #expect(settings.pollTimeout == .seconds(7))
        #expect(throws: ConfigError.self) { try Settings(SettingsSource(values: ["POLL_TIMEOUT": "601"])) }
    }
}
