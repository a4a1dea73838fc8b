import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Redis pub/sub on its own connection and its own thread.
///
/// Handlers run on the subscriber thread, one message at a time, in the order Redis sent
/// them; a slow handler delays the next message (and Redis drops a subscriber whose backlog
/// passes its output-buffer limit, after which this reconnects). When the connection is
/// lost (server restart, network error) the subscriber logs it once, reconnects by itself
/// with backoff (50 ms doubling up to 2 s), subscribes again to every channel and pattern,
/// logs the recovery once and then calls `onReconnect`. Messages published while it was
/// disconnected are lost, as always with pub/sub: `onReconnect` is where to replay them
/// from a durable store.
///
/// `stop()` (or dropping the last reference) ends the thread promptly. Handlers must not
/// hold the subscriber strongly unless `stop()` is called, or it is never released.
public final class RedisSubscriber: Sendable {
    /// Receives the channel a message was published on and its payload, on the subscriber thread.
    public typealias Handler = @Sendable (_ channel: String, _ message: [UInt8]) -> Void

    /// The server subscribed to.
    public let url: RedisURL
    /// The state shared with the thread.
    private let shared: SubscriberShared

    /// Starts the subscriber thread, which connects at once and keeps retrying until it can.
    ///
    /// - Parameter onReconnect: called on the subscriber thread each time a lost connection
    ///   has been replaced and every subscription is confirmed active again (not on the
    ///   first connection).
    /// - Parameter onDisconnect: called on the subscriber thread each time a connection
    ///   that was serving is lost (before any reconnect attempt).
    /// - Throws: only when no file descriptor is left for the thread's wake-up pipe.
    public init(
        url: RedisURL, options: RedisConnectionOptions = RedisConnectionOptions(),
        logger: Logger = Logger(label: "redis.subscriber"), onReconnect: (@Sendable () -> Void)? = nil,
        onDisconnect: (@Sendable () -> Void)? = nil
    ) throws {
        self.url = url
        let shared = try SubscriberShared()
        self.shared = shared
        shared.finished.enter()
        let thread = Thread {
            SubscriberLoop(
                shared: shared, url: url, options: options, logger: logger, onReconnect: onReconnect,
                onDisconnect: onDisconnect
            ).run()
            shared.finished.leave()
        }
        thread.name = "redis-subscriber"
        thread.start()
    }

    deinit {
        stop()
    }

    /// True while the subscriber has a working connection.
    public var isConnected: Bool {
        shared.state.withLock { $0.isConnected }
    }

    /// Subscribes to `channels` (`SUBSCRIBE`) and returns once the server confirmed them.
    ///
    /// While Redis is unreachable this waits until the subscriber is connected again. The
    /// subscription is kept across reconnects; subscribing a channel again replaces its handler.
    /// - Throws: `RedisError.stopped` if the subscriber is stopped first, or `.server` if
    ///   Redis refuses the command.
    public func subscribe(_ channels: [String], handler: @escaping Handler) async throws {
        try await request(.subscribe, channels) { state in
            for channel in channels { state.channelHandlers[channel] = handler }
        }
    }

    /// Subscribes to glob-style `patterns` (`PSUBSCRIBE`, for example `events:*`); the handler
    /// receives the concrete channel of each message. Otherwise like `subscribe`.
    public func psubscribe(_ patterns: [String], handler: @escaping Handler) async throws {
        try await request(.patternSubscribe, patterns) { state in
            for pattern in patterns { state.patternHandlers[pattern] = handler }
        }
    }

    /// Unsubscribes from `channels`; their handlers are not called from now on.
    public func unsubscribe(_ channels: [String]) async throws {
        try await request(.unsubscribe, channels) { state in
            for channel in channels { state.channelHandlers[channel] = nil }
        }
    }

    /// Unsubscribes from `patterns`; their handlers are not called from now on.
    public func punsubscribe(_ patterns: [String]) async throws {
        try await request(.patternUnsubscribe, patterns) { state in
            for pattern in patterns { state.patternHandlers[pattern] = nil }
        }
    }

    /// Ends the subscriber thread and closes its connection; waiting calls get `.stopped`.
    ///
    /// Returns once the thread has finished: at once when it is waiting, after the current
    /// handler when one runs, after at most the connect time-out when it is connecting; and
    /// without waiting when called from a handler (which runs on that thread). Safe to call
    /// any number of times.
    public func stop() {
        let isOnLoopThread = shared.state.withLock { state in
            state.isStopRequested = true
            return state.loopThread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
        shared.wakePipe.wake()
        if !isOnLoopThread {
            shared.finished.wait()
        }
    }

    /// Records the wanted state, queues the command for the thread and waits for its confirmation.
    private func request(
        _ kind: SubscriptionRequest.Kind, _ names: [String],
        update: (inout SubscriberShared.State) -> Void
    ) async throws {
        guard !names.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let isAccepted = shared.state.withLock { state in
                guard !state.isStopRequested else { return false }
                update(&state)
                state.outbox.append(SubscriptionRequest(kind: kind, names: names, waiter: continuation))
                return true
            }
            if isAccepted {
                shared.wakePipe.wake()
            } else {
                continuation.resume(throwing: RedisError.stopped)
            }
        }
    }
}
