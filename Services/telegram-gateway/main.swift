// telegram-gateway: Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.
import Config
import HTTPServer
import Foundation
import Logging

let usage = """
    Usage: telegram-gateway [--help]

    Talks to the Telegram Bot API (long polling or webhook) and routes each update by the chat's mode.

    \(ServiceLaunch.settingsHelp)
    """
ShutdownSignal.prepare()
let settings = ServiceLaunch.settings(service: "telegram-gateway", usage: usage)
let logger = Logger(label: "telegram-gateway", level: settings.logLevel)
let metrics = Metrics()
var router = Router()
router.addStandardRoutes(metrics: metrics)
var configuration = ServerConfiguration()
configuration.host = settings.bindAddress
configuration.port = settings.gatewayPort
configuration.maxConnections = settings.maxConnections
do {
    let server = try HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
    await ShutdownSignal.wait()
    logger.info("stopping")
    await server.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
