import EventLoop
import Synchronization

/// Per-key rate limits (a key is a visitor id or a client IP): one token bucket per key,
/// `capacity` actions at once, refilled at `refillPerSecond`. Safe from any thread.
///
/// Memory stays bounded two ways. Buckets expire: the table is kept in two generations
/// rotated every `idleSeconds` (the time an untouched bucket takes to refill completely),
/// so a key untouched for two periods is forgotten, which changes nothing (a full bucket
/// behaves exactly like a fresh one) and costs no scan. And the table holds at most
/// `maxKeys`: a flood of fresh keys first has the full buckets swept out (at most once a
/// second); if every bucket is still busy, new keys are let through untracked rather than
/// evicting someone who is being limited (the per-IP ceiling still counts them).
public final class RateLimiter: Sendable {
    /// Actions allowed at once.
    public let capacity: Double
    /// Actions regained per second.
    public let refillPerSecond: Double
    /// Seconds after which an untouched bucket is full again; one generation's span.
    public let idleSeconds: Double
    /// Keys tracked at most.
    private let maxKeys: Int
    /// Seconds of a monotonic clock.
    private let clock: @Sendable () -> Double
    /// The buckets, behind one lock (visitor actions are rare next to its cost).
    private let state: Mutex<State>

    /// The table of buckets, in two generations.
    private struct State {
        /// Buckets touched since the last rotation.
        var recent: [String: TokenBucket] = [:]
        /// Buckets touched in the period before; moved to `recent` when touched again.
        var older: [String: TokenBucket] = [:]
        /// When `recent` was started.
        var rotatedAt: Double
        /// When the table was last swept, so a full table is swept at most once a second.
        var lastSweep: Double = -.infinity

        var count: Int { recent.count + older.count }
    }

    /// `clock` gives seconds of a monotonic clock; tests pass their own.
    public init(
        capacity: Int, refillPerSecond: Double, maxKeys: Int = 100_000,
        clock: @escaping @Sendable () -> Double = { Double(MonotonicClock.now()) / 1e9 }
    ) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = refillPerSecond
        idleSeconds = refillPerSecond > 0 ? self.capacity / refillPerSecond : .infinity
        self.maxKeys = max(1, maxKeys)
        self.clock = clock
        state = Mutex(State(rotatedAt: clock()))
    }

    /// `count` actions a minute, all of them allowed at once.
    public static func perMinute(_ count: Int, maxKeys: Int) -> RateLimiter {
        RateLimiter(capacity: count, refillPerSecond: Double(count) / 60, maxKeys: maxKeys)
    }

    /// `count` actions a second, `burstSeconds` seconds' worth of them allowed at once.
    public static func perSecond(_ count: Int, burstSeconds: Int = 1, maxKeys: Int) -> RateLimiter {
        RateLimiter(capacity: count * max(1, burstSeconds), refillPerSecond: Double(count), maxKeys: maxKeys)
    }

    /// Whether `key` may act now; counts the action when it may.
    public func allow(_ key: String) -> Bool {
        let now = clock()
        // Expired generations are handed out of the lock and freed after it.
        let (allowed, expired) = state.withLock { state in
            let expired = rotate(&state, now: now)
            if var bucket = state.recent[key] ?? state.older.removeValue(forKey: key) {
                let allowed = bucket.take(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
                state.recent[key] = bucket
                return (allowed, expired)
            }
            if state.count >= maxKeys {
                sweep(&state, now: now)
                guard state.count < maxKeys else { return (true, expired) }
            }
            var bucket = TokenBucket(capacity: capacity, now: now)
            let allowed = bucket.take(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
            state.recent[key] = bucket
            return (allowed, expired)
        }
        withExtendedLifetime(expired) {}
        return allowed
    }

    /// Whether `key` has spent its budget: the next `allow` would refuse it. Counts nothing.
    public func isExhausted(_ key: String) -> Bool {
        let now = clock()
        return state.withLock { state in
            guard let bucket = state.recent[key] ?? state.older[key] else { return false }
            return bucket.isEmpty(now: now, capacity: capacity, refillPerSecond: refillPerSecond)
        }
    }

    /// Keys tracked now (for tests and metrics).
    public var trackedCount: Int { state.withLock { $0.count } }

    /// Starts a new generation once the current one spans `idleSeconds`; returns what is
    /// dropped. A bucket in `older` was last touched before `rotatedAt`, so by the next
    /// rotation it has been idle for a whole period and is full again.
    private func rotate(_ state: inout State, now: Double) -> [[String: TokenBucket]] {
        let age = now - state.rotatedAt
        guard age >= idleSeconds else { return [] }
        var dropped = [state.older]
        if age >= 2 * idleSeconds {
            // Both generations are idle for a period or more.
            dropped.append(state.recent)
            state.older = [:]
        } else {
            state.older = state.recent
        }
        state.recent = [:]
        state.rotatedAt = now
        return dropped
    }

    /// Drops the buckets that have refilled completely (at most once a second).
    private func sweep(_ state: inout State, now: Double) {
        guard now - state.lastSweep >= 1 else { return }
        state.lastSweep = now
        let busy = { (bucket: TokenBucket) in
            !bucket.isFull(now: now, capacity: self.capacity, refillPerSecond: self.refillPerSecond)
        }
        state.recent = state.recent.filter { busy($0.value) }
        state.older = state.older.filter { busy($0.value) }
    }
}
