/// The delays between reconnection attempts: 50 ms doubling up to 2 s.
///
/// 50 ms makes a quick server restart cost little; the 2 s cap keeps a long outage from
/// delaying recovery by more than that while costing one connect attempt every 2 s.
struct ReconnectBackoff {
    /// The first delay after a connection is lost.
    static let initial: Duration = .milliseconds(50)
    /// The longest delay.
    static let maximum: Duration = .seconds(2)

    /// The delay the next attempt waits.
    private var upcoming = Self.initial

    /// Creates a backoff at its first delay.
    init() {}

    /// Returns the delay to wait now and doubles the following one, up to the maximum.
    mutating func nextDelay() -> Duration {
        let delay = upcoming
        upcoming = min(upcoming * 2, Self.maximum)
        return delay
    }

    /// Starts over at the first delay, after a successful connection.
    mutating func reset() {
        upcoming = Self.initial
    }
}
