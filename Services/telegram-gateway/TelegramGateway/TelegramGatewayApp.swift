import Config
import Logging
import ServiceKit

/// telegram-gateway, wired: receives Telegram updates (long polling or webhook), routes
/// each by the chat's mode, and is the suite's one sender of Telegram messages.
/// `start` binds and returns; tests start it on port 0 and call `shutdown`.
public struct TelegramGatewayApp: ServiceApp {
    /// The HTTP side (health, readiness, metrics, the webhook) and the ordered stop.
    public let service: RunningService

    /// Builds the parts from `settings` and starts serving. Without TELEGRAM_TOKEN only the
    /// health endpoints run. `options` defaults to production timings.
    public static func start(settings: Settings, logger: Logger, options: GatewayOptions? = nil) async throws
        -> TelegramGatewayApp
    {
        let options = options ?? GatewayOptions(port: settings.gatewayPort)
        var skeleton = ServiceSkeleton(.telegramGateway, settings: settings, logger: logger)
        let redis = try skeleton.redis(poolSize: 8)
        var telegram: TelegramSide?
        if let token = settings.telegramToken {
            telegram = TelegramSide(
                token: token, settings: settings, options: options, redis: redis, router: &skeleton.router,
                metrics: skeleton.metrics, logger: logger)
        } else {
            logger.warning("TELEGRAM_TOKEN is not set: the Telegram side is off; health endpoints only")
        }
        // Stop receiving, finish updates and sends in flight (what is left stays queued in
        // Redis for the next start), then stop serving.
        skeleton.onStop(.beforeServer) { [telegram] in await telegram?.stop(gracePeriod: options.shutdownGrace) }
        let service = try skeleton.serve()
        telegram?.start()
        logger.info("started", ["mode": .string(telegram == nil ? "off" : settings.telegramMode.rawValue)])
        return TelegramGatewayApp(service: service)
    }
}
