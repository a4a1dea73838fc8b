// telegram-gateway: Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.
import Config
import ServiceKit
import TelegramGateway

await ServiceMain.run(
    .telegramGateway,
    summary: "Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.",
    // Webhook mode needs a public URL and a secret.
    view: { _, settings throws(ConfigError) in try settings.validateForGateway() }
) { settings, _, logger in
    try await TelegramGatewayApp.start(settings: settings, logger: logger)
}
