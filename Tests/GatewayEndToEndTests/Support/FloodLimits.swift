import TelegramDouble
import TelegramGateway

/// Telegram's flood limits with the per-chat interval scaled down (1 s → 100 ms, 20 per
/// minute per group → 5 per 500 ms), the same on both sides: the double refuses and records
/// what breaks them, the gateway keeps to them. Scaled so a burst of 50 messages to one
/// chat takes seconds, not a minute; the global 30/s stays Telegram's.
enum FloodLimits {
    /// What the double enforces.
    static var double: DoubleLimits {
        var limits = DoubleLimits()
        limits.privateInterval = .milliseconds(100)
        limits.groupCount = 5
        limits.groupWindow = .milliseconds(500)
        return limits
    }

    /// What the gateway keeps to, with a margin for the time between its decision and the
    /// double's clock.
    static var gateway: SendLimits {
        var limits = SendLimits()
        limits.privateWindow = .milliseconds(100)
        limits.groupCount = 5
        limits.groupWindow = .milliseconds(500)
        limits.margin = .milliseconds(30)
        return limits
    }

    /// Limits that never bind, for the benchmark: the pipeline itself is measured.
    static var liftedDouble: DoubleLimits {
        var limits = DoubleLimits()
        limits.privateInterval = .zero
        limits.globalCount = .max
        limits.groupCount = .max
        return limits
    }

    /// The gateway's side of `liftedDouble`.
    static var liftedGateway: SendLimits {
        var limits = SendLimits()
        limits.privateCount = .max
        limits.globalCount = .max
        limits.groupCount = .max
        return limits
    }
}
