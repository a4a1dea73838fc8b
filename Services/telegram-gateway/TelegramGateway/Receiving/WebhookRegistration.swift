import Logging
import Synchronization
import TelegramBotAPI

/// Webhook mode's start: setWebhook with the secret and the update kinds handled, retried
/// with backoff until Telegram accepts (the process serves health meanwhile).
final class WebhookRegistration: Sendable {
    /// The Bot API client.
    private let api: BotAPIClient
    /// The webhook's address.
    private let url: String
    /// The webhook's secret token.
    private let secret: String
    /// Delays between retries.
    private let backoff: RetryBackoff
    /// Where log lines go.
    private let logger: Logger
    /// The running loop, if started.
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Creates the registration; `start()` begins.
    init(api: BotAPIClient, url: String, secret: String, backoff: RetryBackoff, logger: Logger) {
        self.api = api
        self.url = url
        self.secret = secret
        self.backoff = backoff
        self.logger = logger
    }

    /// Registers in a task.
    func start() {
        let running = Task { [api, url, secret, backoff, logger] in
            var failures = 0
            while !Task.isCancelled {
                do {
                    try await api.setWebhook(url: url, secretToken: secret)
                    logger.info("webhook set", ["url": .string(url)])
                    return
                } catch {
                    failures += 1
                    logger.warning("setWebhook failed", ["error": .string("\(error)")])
                    try? await Task.sleep(for: backoff.delay(attempt: failures))
                }
            }
        }
        task.withLock { $0 = running }
    }

    /// Stops retrying. The webhook stays set: Telegram keeps updates until we are back.
    func stop() {
        task.withLock { $0 }?.cancel()
    }
}
