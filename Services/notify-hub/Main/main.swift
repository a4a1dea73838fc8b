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

    Web visitor limits (notify-hub only; per instance). Budgets are per visitor, i.e. per
    client_id of /contact or connection_id of the web IM; per client IP there is only a
    ceiling that an office behind one address does not reach:
      VISITOR_CONNECTIONS_PER_MINUTE            60 (reconnects per /contact client_id)
      VISITOR_MESSAGES_PER_SECOND               5 (messages per visitor)
      VISITOR_CONTACT_REQUESTS_PER_HOUR         6 (contact requests, i.e. admin alerts, per chat; two at once)
      VISITOR_IP_CONNECTIONS_PER_MINUTE         300 (new visitor sockets per client IP, both dialects)
      VISITOR_IP_MESSAGES_PER_SECOND            50 (messages per client IP, all its visitors; 5 s' worth at once)
      VISITOR_IP_REQUESTS_PER_SECOND            50 (pipeline REST calls per client IP; 5 s' worth at once)
      VISITOR_TRUSTED_PROXIES                   TRUSTED_PROXIES (addresses or CIDR ranges whose X-Forwarded-For is believed)
      TRUSTED_PROXIES                           127.0.0.0/8 (the same for every service; VISITOR_TRUSTED_PROXIES wins here)

    What an outsider can make the desk keep or do (over every instance, counted in Redis):
      VISITOR_IP_CONTACT_REQUESTS_PER_HOUR      120 (contact requests, i.e. admin alerts, per client IP)
      VISITOR_CONTACT_REPEAT_SECONDS            600 (the same text from one IP within it is one alert; 0: off)
      VISITOR_IP_HISTORY_BYTES_PER_DAY          33554432 (web IM history one client IP makes the desk keep)
      VISITOR_IP_HISTORIES_PER_DAY              20 (web IM histories one client IP may start)
      VISITOR_HISTORY_BYTES_PER_DAY             268435456 (web IM history of all addresses together)
    Past a history budget visitors are still answered; their messages are not kept.

    Admin endpoints (/notify, /notify/ticket, the admin pipeline REST and API proxy):
      ADMIN_TOKEN_FAILURES_PER_MINUTE           10 (wrong tokens per client IP; past them 429 for a while)
      DASHBOARD_TICKET_SECONDS                  30 (life of a single-use /notify ticket)
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
