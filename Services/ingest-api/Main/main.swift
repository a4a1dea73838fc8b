// ingest-api: HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
import Config
import Foundation
import HTTPServer
import IngestAPI
import Logging

ShutdownSignal.prepare()
let usage = """
    Usage: ingest-api [--help]
           ingest-api migrate     apply the database migrations and exit

    HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
    Applies the migrations at start too (safe when several instances start together).

    \(ServiceLaunch.settingsHelp)
    """
let arguments = CommandLine.arguments
let settings = ServiceLaunch.settings(service: "ingest-api", usage: usage)
let logger = Logger(label: "ingest-api", level: settings.logLevel)
if arguments.dropFirst().first == "migrate" {
    do {
        try await IngestAPIApp.migrate(settings: settings, logger: logger)
        exit(0)
    } catch {
        logger.error("migrations failed", ["error": .string(String(describing: error))])
        exit(1)
    }
} else if let unknown = arguments.dropFirst().first {
    FileHandle.standardError.write(Data("ingest-api: unknown argument \(unknown)\n\n\(usage)\n".utf8))
    exit(2)
}
do {
    let app = try await IngestAPIApp.start(settings: settings, logger: logger)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
