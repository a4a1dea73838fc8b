// notify-hub: WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.
import Config
import Foundation
import HTTPServer
import NotifyHub
import Logging

ShutdownSignal.prepare()
let usage = """
    Usage: notify-hub [--help]

    WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.

    \(ServiceLaunch.settingsHelp)
    """
let settings = ServiceLaunch.settings(service: "notify-hub", usage: usage)
let logger = Logger(label: "notify-hub", level: settings.logLevel)
do {
    let app = try await NotifyHubApp.start(settings: settings, logger: logger)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
