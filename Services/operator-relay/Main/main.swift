// operator-relay: Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users.
import Config
import Foundation
import HTTPServer
import Logging
import OperatorRelay

ShutdownSignal.prepare()
let usage = """
    Usage: operator-relay [--help]

    Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users.

    \(ServiceLaunch.settingsHelp)
    """
let settings = ServiceLaunch.settings(service: "operator-relay", usage: usage)
let logger = Logger(label: "operator-relay", level: settings.logLevel)
do {
    let app = try await OperatorRelayApp.start(settings: settings, logger: logger)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
