// ingest-api: HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
import Config
import Foundation
import HTTPServer
import IngestAPI
import Logging

ShutdownSignal.prepare()
let usage = """
    Usage: ingest-api [--help]

    HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.

    \(ServiceLaunch.settingsHelp)
    """
let settings = ServiceLaunch.settings(service: "ingest-api", usage: usage)
let logger = Logger(label: "ingest-api", level: settings.logLevel)
do {
    let app = try await IngestAPIApp.start(settings: settings, logger: logger)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
