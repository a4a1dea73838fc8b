/// A token bucket: holds up to `capacity` tokens, refilled continuously at
/// `refillPerSecond`; each allowed action takes one. Pure: time is passed in.
public struct TokenBucket: Equatable {
    /// Tokens left (fractional while refilling).
    private(set) var tokens: Double
    /// When `tokens` was last brought up to date, in seconds of a monotonic clock.
    private(set) var updatedAt: Double

    /// A full bucket at `now`.
    public init(capacity: Double, now: Double) {
        tokens = capacity
        updatedAt = now
    }

    /// Takes one token if there is one; returns whether the action is allowed.
    public mutating func take(now: Double, capacity: Double, refillPerSecond: Double) -> Bool {
        refill(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whether the bucket would be full again at `now`: then forgetting it changes nothing.
    public func isFull(now: Double, capacity: Double, refillPerSecond: Double) -> Bool {
        tokens + max(0, now - updatedAt) * refillPerSecond >= capacity
    }

    /// Whether an action at `now` would be refused (no whole token left), without taking one.
    public func isEmpty(now: Double, capacity: Double, refillPerSecond: Double) -> Bool {
        min(capacity, tokens + max(0, now - updatedAt) * refillPerSecond) < 1
    }

    private mutating func refill(now: Double, capacity: Double, refillPerSecond: Double) {
        // A clock that went backwards (it should not) adds nothing rather than draining.
        let elapsed = max(0, now - updatedAt)
        tokens = min(capacity, tokens + elapsed * refillPerSecond)
        updatedAt = max(updatedAt, now)
    }
}
