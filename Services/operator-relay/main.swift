// operator-relay: Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users.
import Config
import HTTPServer
import Foundation
import Logging

let usage = """
    Usage: operator-relay [--help]

    Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users.

    \(ServiceLaunch.settingsHelp)
    """
ShutdownSignal.prepare()
let settings = ServiceLaunch.settings(service: "operator-relay", usage: usage)
let logger = Logger(label: "operator-relay", level: settings.logLevel)
let metrics = Metrics()
var router = Router()
router.addStandardRoutes(metrics: metrics)
var configuration = ServerConfiguration()
configuration.host = settings.bindAddress
configuration.port = settings.relayPort
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
