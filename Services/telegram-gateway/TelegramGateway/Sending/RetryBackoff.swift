/// Delays between retries of a send that failed for a passing reason (Telegram 5xx,
/// network): doubling from `initial` up to `maximum`, with up to a quarter of jitter so
/// instances that failed together do not retry together.
public struct RetryBackoff: Sendable {
    /// The first delay.
    public var initial: Duration = .milliseconds(500)
    /// The longest delay; retries go on at this pace until Telegram is back.
    public var maximum: Duration = .seconds(30)

    /// The defaults above.
    public init() {}

    /// The delay before retry number `attempt` (1 for the first retry).
    func delay(attempt: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, min(attempt, 20)) where delay < maximum { delay = delay * 2 }
        delay = min(delay, maximum)
        let jitter = Double.random(in: 0...0.25)
        return delay + delay * jitter
    }
}
