// notify-hub: WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.
import Config
import Foundation
import HTTPServer
import Logging
import NotifyHub

ShutdownSignal.prepare()
let usage = """
    Usage: notify-hub [--help]

    WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.

    \(ServiceLaunch.settingsHelp)

    Web visitor limits (notify-hub only):
      VISITOR_CONNECTIONS_PER_MINUTE            60 (new visitor sockets per client IP)
      VISITOR_MESSAGES_PER_SECOND               5 (visitor messages and REST calls per client IP)
      VISITOR_CONTACT_REQUESTS_PER_HOUR         6 (contact requests, i.e. admin alerts, per chat; two at once)
      VISITOR_TRUSTED_PROXIES                   127.0.0.0/8 (addresses or CIDR ranges whose X-Forwarded-For is believed)
    """
let settings = ServiceLaunch.settings(service: "notify-hub", usage: usage)
let logger = Logger(label: "notify-hub", level: settings.logLevel)
let visitorOptions: VisitorOptions
do {
    visitorOptions = try VisitorOptions(SettingsSource.standard())
} catch {
    logger.error(error.description, ["setting": .string(error.setting)])
    exit(2)
}
do {
    let app = try await NotifyHubApp.start(settings: settings, logger: logger, visitorOptions: visitorOptions)
    await ShutdownSignal.wait()
    await app.shutdown()
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
