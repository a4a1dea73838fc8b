// notify-hub: WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.
import Config
import NotifyHub
import ServiceKit

await ServiceMain.run(
    .notifyHub,
    summary: "WebSocket fan-out of desk events to dashboards and web visitors; serves the dashboard and chat pages.",
    // The visitor limits: rows of the same table, read beside the settings.
    view: { source, _ throws(ConfigError) in try VisitorOptions(source) }
) { settings, visitorOptions, logger in
    try await NotifyHubApp.start(settings: settings, logger: logger, visitorOptions: visitorOptions)
}
