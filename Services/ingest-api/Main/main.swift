// ingest-api: HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
import Config
import Foundation
import HTTPServer
import IngestAPI
import Logging
import ServiceKit

ShutdownSignal.prepare()
let usage = SettingsHelp.usage(
    for: .ingestAPI,
    summary: """
        HTTP JSON API: ingests user messages, answers from the FAQ or an LLM, files tickets, keeps history in PostgreSQL.
        Applies the migrations at start too (safe when several instances start together).
        """,
    commands: [
        "migrate     apply the database migrations and exit",
        "openapi     print the OpenAPI document served at /openapi.json and exit",
    ])
let arguments = CommandLine.arguments
// Before the settings: printing the document needs neither a database nor valid settings
// (scripts/gen-docs.sh runs it on a bare build).
if arguments.dropFirst().first == "openapi", !ServiceLaunch.asksForHelp(arguments) {
    guard let url = ShippedResources.openAPI, let document = try? Data(contentsOf: url) else {
        FileHandle.standardError.write(Data("ingest-api: openapi.json is not shipped with this binary\n".utf8))
        exit(1)
    }
    FileHandle.standardOutput.write(document)
    exit(0)
}
let settings = ServiceLaunch.settings(service: .ingestAPI, usage: usage)
let logger = Logger(label: "ingest-api", level: settings.logLevel)
let options: IngestOptions
do {
    options = try IngestOptions(SettingsSource.standard())
} catch {
    logger.error(error.description, ["setting": .string(error.setting)])
    exit(2)
}
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
await ServiceMain.serve(logger: logger) {
    try await IngestAPIApp.start(settings: settings, logger: logger, options: options)
}
