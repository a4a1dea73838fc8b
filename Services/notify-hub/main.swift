// notify-hub: WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.
import Config
import HTTPServer
import Foundation
import Logging

let usage = """
    Usage: notify-hub [--help]

    WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.

    \(ServiceLaunch.settingsHelp)
    """
ShutdownSignal.prepare()
let settings = ServiceLaunch.settings(service: "notify-hub", usage: usage)
let logger = Logger(label: "notify-hub", level: settings.logLevel)
let metrics = Metrics()
var router = Router()
router.addStandardRoutes(metrics: metrics)
var configuration = ServerConfiguration()
configuration.host = settings.websocketServer
configuration.port = settings.websocketPort
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
