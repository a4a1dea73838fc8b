import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the public `RedisSubscriber` and its thread share. The thread holds this, not the
/// subscriber, so that dropping the subscriber runs its `deinit` (which stops the thread).
final class SubscriberShared: Sendable {
    /// The part protected by the lock.
    struct State {
        /// Handlers of the channels subscribed by name: the wanted state, redone on reconnect.
        var channelHandlers: [String: RedisSubscriber.Handler] = [:]
        /// Handlers of the subscribed patterns, likewise.
        var patternHandlers: [String: RedisSubscriber.Handler] = [:]
        /// Requests not yet taken by the thread.
        var outbox: [SubscriptionRequest] = []
        /// Set by `stop()`; the thread leaves at its next wake-up.
        var isStopRequested = false
        /// True while the thread has a working connection.
        var isConnected = false
        /// The subscriber thread, so that `stop()` called on it does not wait for itself.
        var loopThread: pthread_t?
    }

    /// The state above.
    let state = Mutex(State())
    /// Wakes the thread out of `poll` for new requests and for `stop()`.
    let wakePipe: WakePipe
    /// Entered before the thread starts, left when it has finished; `stop()` waits on it.
    let finished = DispatchGroup()

    /// Creates the shared part; fails only when no descriptor is left for the wake-up pipe.
    init() throws(RedisError) {
        wakePipe = try WakePipe()
    }
}
