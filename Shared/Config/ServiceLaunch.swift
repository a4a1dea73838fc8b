import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The start of every executable: `--help`, settings from the environment and `.env`,
/// and the one-line refusal of a bad setting.
public enum ServiceLaunch {
    /// Handles `--help`/`-h` (prints `usage`, exits 0), loads and validates the settings,
    /// or prints the bad setting on one line and exits 2.
    public static func settings(
        service: String, usage: String, arguments: [String] = CommandLine.arguments,
        extraValidation: (Settings) throws(ConfigError) -> Void = { _ throws(ConfigError) in }
    ) -> Settings {
        if arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }) {
            print(usage)
            exit(0)
        }
        do {
            let settings = try Settings(SettingsSource.standard())
            try extraValidation(settings)
            return settings
        } catch {
            Logger(label: service, level: .error).error(error.description, ["setting": .string(error.setting)])
            exit(2)
        }
    }

    /// The settings table of `--help`, shared by every service's usage text.
    public static let settingsHelp = """
        Settings (environment, or .env in the working directory; the environment wins):
          INGEST_PORT / GATEWAY_PORT / RELAY_PORT   8000 / 8081 / 8082
          BIND_ADDRESS                              0.0.0.0
          REDIS_URL                                 redis://127.0.0.1:6379/0
          DATABASE_URL                              postgres://switchboard@127.0.0.1:5432/switchboard
          TELEGRAM_TOKEN                            none (Telegram side off)
          TELEGRAM_API_BASE                         https://api.telegram.org
          TELEGRAM_MODE                             polling | webhook
          WEBHOOK_URL / WEBHOOK_PATH / WEBHOOK_SECRET  none / /telegram/webhook / none
          POLL_TIMEOUT                              50
          BACKEND_URL                               http://127.0.0.1:8000
          OPERATOR_CHAT_ID / ADMIN_USER_IDS         none
          OPERATOR_USER_IDS                         none (every member of the operator chat acts)
          ADMIN_API_TOKEN                           none (admin API refuses everyone)
          INTERNAL_API_TOKEN                        ADMIN_API_TOKEN (the desk's own processes present it to ingest-api)
          WEBSOCKET_SERVER / WEBSOCKET_PORT / WEBSOCKET_PATH  0.0.0.0 / 7860 / /notify
          FAQ_FILE / FAQ_SIMILARITY_THRESHOLD       faq/default.json / 0.75
          OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL  none / https://api.openai.com/v1 / gpt-4o-mini
          EVENTS_CHANNEL                            switchboard:events
          MAX_CONNECTIONS                           50000
          LOG_LEVEL                                 info (debug, info, warning, error)
          DEFAULT_LANGUAGE / OPERATOR_LANGUAGE      en / en (ru, kk, en, vi, zh)
        """
}
