// notify-hub: WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.
import Config
import Foundation
import HTTPServer
import Logging
import NotifyHub

ShutdownSignal.prepare()
let usage = SettingsHelp.usage(
    for: .notifyHub,
    summary: "WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.")
let (settings, visitorOptions) = ServiceLaunch.settings(service: .notifyHub, usage: usage) {
    source, _ throws(ConfigError) in
    try VisitorOptions(source)
}
let logger = Logger(label: "notify-hub", level: settings.logLevel)
do {
    let app = try await NotifyHubApp.start(settings: settings, logger: logger, visitorOptions: visitorOptions)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
