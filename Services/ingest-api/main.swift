// ingest-api: HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
import Config
import HTTPServer
import Foundation
import Logging

let usage = """
    Usage: ingest-api [--help]

    HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.

    \(ServiceLaunch.settingsHelp)
    """
ShutdownSignal.prepare()
let settings = ServiceLaunch.settings(service: "ingest-api", usage: usage)
let logger = Logger(label: "ingest-api", level: settings.logLevel)
let metrics = Metrics()
var router = Router()
router.addStandardRoutes(metrics: metrics)
var configuration = ServerConfiguration()
configuration.host = settings.bindAddress
configuration.port = settings.ingestPort
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
