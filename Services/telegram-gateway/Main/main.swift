// telegram-gateway: Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.
import Config
import Foundation
import HTTPServer
import Logging
import TelegramGateway

ShutdownSignal.prepare()
let usage = """
    Usage: telegram-gateway [--help]

    Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.

    \(ServiceLaunch.settingsHelp)
    """
let settings = ServiceLaunch.settings(service: "telegram-gateway", usage: usage) { settings throws(ConfigError) in
    try settings.validateForGateway()
}
let logger = Logger(label: "telegram-gateway", level: settings.logLevel)
do {
    let app = try await TelegramGatewayApp.start(settings: settings, logger: logger)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
