import EventLoop
import Synchronization

/// Per-key (per client IP) rate limits: one token bucket per key, `capacity` actions at
/// once, refilled at `refillPerSecond`. Safe from any thread.
///
/// Memory stays bounded: past `maxKeys`, buckets that have refilled completely (which
/// behave exactly like a forgotten key) are dropped; if every bucket is still busy, new
/// keys are let through untracked rather than evicting someone who is being limited.
final class RateLimiter: Sendable {
    /// Actions allowed at once.
    let capacity: Double
    /// Actions regained per second.
    let refillPerSecond: Double
    /// Keys tracked at most.
    private let maxKeys: Int
    /// Seconds of a monotonic clock.
    private let clock: @Sendable () -> Double
    /// The buckets, behind one lock (visitor actions are rare next to its cost).
    private let state = Mutex<State>(State())

    /// The table of buckets.
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        /// When the table was last swept, so a full table is swept at most once a second.
        var lastSweep: Double = -.infinity
    }

    /// `clock` gives seconds of a monotonic clock; tests pass their own.
    init(
        capacity: Int, refillPerSecond: Double, maxKeys: Int = 100_000,
        clock: @escaping @Sendable () -> Double = { Double(MonotonicClock.now()) / 1e9 }
    ) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = refillPerSecond
        self.maxKeys = max(1, maxKeys)
        self.clock = clock
    }

    /// `perMinute` actions a minute, all of them allowed at once.
    static func perMinute(_ count: Int, maxKeys: Int) -> RateLimiter {
        RateLimiter(capacity: count, refillPerSecond: Double(count) / 60, maxKeys: maxKeys)
    }

    /// `perSecond` actions a second, all of them allowed at once.
    static func perSecond(_ count: Int, maxKeys: Int) -> RateLimiter {
        RateLimiter(capacity: count, refillPerSecond: Double(count), maxKeys: maxKeys)
    }

    /// Whether `key` may act now; counts the action when it may.
    func allow(_ key: String) -> Bool {
        let now = clock()
        return state.withLock { state in
            if var bucket = state.buckets[key] {
                let allowed = bucket.take(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
                state.buckets[key] = bucket
                return allowed
            }
            if state.buckets.count >= maxKeys {
                sweep(&state, now: now)
                guard state.buckets.count < maxKeys else { return true }
            }
            var bucket = TokenBucket(capacity: capacity, now: now)
            let allowed = bucket.take(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
            state.buckets[key] = bucket
            return allowed
        }
    }

    /// Keys tracked now (for tests and metrics).
    var trackedCount: Int { state.withLock { $0.buckets.count } }

    /// Drops the buckets that have refilled completely (at most once a second).
    private func sweep(_ state: inout State, now: Double) {
        guard now - state.lastSweep >= 1 else { return }
        state.lastSweep = now
        state.buckets = state.buckets.filter {
            !$0.value.isFull(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
        }
    }
}
