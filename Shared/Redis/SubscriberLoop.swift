import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The body of the subscriber thread: owns the connection, sends queued (un)subscribe
/// requests, reads messages and calls handlers, and after a lost connection reconnects with
/// backoff and subscribes again to everything. Used only on its own thread.
final class SubscriberLoop {
    /// A command sent to the server, waiting for one confirmation per name.
    private struct PendingCommand {
        /// What was sent.
        let kind: SubscriptionRequest.Kind
        /// Confirmations still to come.
        var remaining: Int
        /// Callers to resume once all confirmations arrived.
        var waiters: [CheckedContinuation<Void, any Error>]
        /// True for the last command of a resubscription after a reconnect: confirming it
        /// means every subscription is active again, the moment `onReconnect` runs.
        var completesReconnect = false
    }

    /// When the current outage began and how many attempts failed since.
    private struct Outage {
        /// When the connection was lost, or the first attempt failed.
        let start = ContinuousClock.now
        /// Failed connection attempts so far.
        var failedAttempts = 0
    }

    /// State shared with the public `RedisSubscriber`.
    private let shared: SubscriberShared
    /// Where to connect.
    private let url: RedisURL
    /// Time-outs of the connection.
    private let options: RedisConnectionOptions
    /// Reports each disconnect and reconnect once.
    private let logger: Logger
    /// Called on this thread once subscriptions are active again after a reconnect.
    private let onReconnect: (@Sendable () -> Void)?
    /// Called when a serving connection is lost.
    private let onDisconnect: (@Sendable () -> Void)?
    /// Sent commands awaiting confirmation, in the order the server answers them.
    private var pending: [PendingCommand] = []
    /// Callers of `subscribe` whose command was lost with a connection; resumed when the
    /// resubscription on the next connection is confirmed.
    private var awaitingResubscription: [CheckedContinuation<Void, any Error>] = []

    /// Creates the loop; `run()` does the work.
    init(
        shared: SubscriberShared, url: RedisURL, options: RedisConnectionOptions, logger: Logger,
        onReconnect: (@Sendable () -> Void)?, onDisconnect: (@Sendable () -> Void)? = nil
    ) {
        self.shared = shared
        self.url = url
        self.options = options
        self.logger = logger
        self.onReconnect = onReconnect
        self.onDisconnect = onDisconnect
    }

    /// Runs until `stop()` is requested, then resumes every waiting caller with `.stopped`.
    func run() {
        shared.state.withLock { $0.loopThread = pthread_self() }
        defer { finish() }
        var backoff = ReconnectBackoff()
        var hasConnected = false
        var outage: Outage?
        while !isStopRequested {
            let connection: RedisConnection
            do throws(RedisError) {
                connection = try RedisConnection(url: url, options: options)
            } catch {
                var current = outage ?? Outage()
                current.failedAttempts += 1
                // The loss itself was logged; a first connection that fails is logged once.
                if current.failedAttempts == 1 && !hasConnected {
                    logger.warning("redis subscriber cannot connect; retrying", fields(error))
                } else {
                    logger.debug("redis subscriber reconnect attempt failed", fields(error))
                }
                outage = current
                waitOut(backoff.nextDelay())
                continue
            }
            reportConnected(after: outage, isFirst: !hasConnected)
            outage = nil
            backoff.reset()
            shared.state.withLock { $0.isConnected = true }
            let isReconnect = hasConnected
            hasConnected = true
            do throws(RedisError) {
                try resubscribe(on: connection, isReconnect: isReconnect)
                try serve(connection)
            } catch {
                connectionLost(error)
                onDisconnect?()
                outage = Outage()
                waitOut(backoff.nextDelay())
            }
        }
    }

    // MARK: - Connected

    /// Subscribes a fresh connection to every wanted channel and pattern, taking along the
    /// requests queued meanwhile (their names are part of the wanted state already).
    private func resubscribe(on connection: RedisConnection, isReconnect: Bool) throws(RedisError) {
        let (channels, patterns, requests) = shared.state.withLock { state in
            defer { state.outbox.removeAll() }
            return (state.channelHandlers.keys.sorted(), state.patternHandlers.keys.sorted(), state.outbox)
        }
        var waiters = awaitingResubscription
        awaitingResubscription = []
        for request in requests {
            if request.kind.adds {
                waiters.append(request.waiter)
            } else {
                // Not in the wanted state, so not subscribed on this connection: done.
                request.waiter.resume()
            }
        }
        var commands: [PendingCommand] = []
        var arguments: [[RedisArgument]] = []
        if !channels.isEmpty {
            commands.append(PendingCommand(kind: .subscribe, remaining: channels.count, waiters: []))
            arguments.append(["SUBSCRIBE"] + channels.map { RedisArgument($0) })
        }
        if !patterns.isEmpty {
            commands.append(PendingCommand(kind: .patternSubscribe, remaining: patterns.count, waiters: []))
            arguments.append(["PSUBSCRIBE"] + patterns.map { RedisArgument($0) })
        }
        guard !commands.isEmpty else {
            // Nothing to redo: the subscriptions (none) are active now.
            waiters.forEach { $0.resume() }
            if isReconnect { onReconnect?() }
            return
        }
        commands[commands.count - 1].waiters = waiters
        commands[commands.count - 1].completesReconnect = isReconnect
        // Recorded before sending, so that a failure below hands the waiters to the next connection.
        pending.append(contentsOf: commands)
        for command in arguments {
            try connection.append(command)
        }
        try connection.flush()
    }

    /// Sends queued requests and dispatches replies until stop is requested or I/O fails.
    private func serve(_ connection: RedisConnection) throws(RedisError) {
        while true {
            let requests = shared.state.withLock { state -> [SubscriptionRequest]? in
                if state.isStopRequested { return nil }
                defer { state.outbox.removeAll() }
                return state.outbox
            }
            guard let requests else { return }
            if !requests.isEmpty {
                try send(requests, on: connection)
            }
            var descriptors = [
                pollfd(fd: connection.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: shared.wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            // No time-out: the wake pipe covers requests and stop, and TCP keep-alive covers
            // a server that vanished without closing the connection.
            if poll(&descriptors, 2, -1) < 0 {
                if errno == EINTR { continue }
                throw .io("poll failed: \(String(cString: strerror(errno)))")
            }
            if descriptors[1].revents != 0 {
                shared.wakePipe.drain()
            }
            if descriptors[0].revents != 0 {
                try connection.readAvailable()
                try dispatchBufferedReplies(from: connection)
            }
        }
    }

    /// Sends requests taken from the outbox, in order.
    private func send(_ requests: [SubscriptionRequest], on connection: RedisConnection) throws(RedisError) {
        pending.append(
            contentsOf: requests.map { PendingCommand(kind: $0.kind, remaining: $0.names.count, waiters: [$0.waiter]) })
        for request in requests {
            try connection.append(request.arguments)
        }
        try connection.flush()
    }

    /// Handles every complete reply that has been read.
    private func dispatchBufferedReplies(from connection: RedisConnection) throws(RedisError) {
        while true {
            let reply: RedisReply?
            do throws(RedisError) {
                reply = try connection.nextBufferedReply()
            } catch {
                if connection.isBroken { throw error }
                // The reply was consumed, so the connection is still in step; only it is lost.
                logger.error("redis subscriber dropped a reply", fields(error))
                continue
            }
            guard let reply else { return }
            handle(reply)
        }
    }

    /// Delivers a message to its handler, or accounts for a confirmation or refusal.
    private func handle(_ reply: RedisReply) {
        switch PubSubEvent(reply) {
        case .message(let channel, let payload):
            let handler = shared.state.withLock { $0.channelHandlers[channel] }
            handler?(channel, payload)
        case .patternMessage(let pattern, let channel, let payload):
            let handler = shared.state.withLock { $0.patternHandlers[pattern] }
            handler?(channel, payload)
        case .confirmation:
            guard !pending.isEmpty else { return }
            pending[0].remaining -= 1
            if pending[0].remaining <= 0 {
                complete(pending.removeFirst(), failure: nil)
            }
        case .failure(let message):
            // The server refuses a whole command with one error reply.
            logger.error("redis refused a subscription command", ["error": .string(message)])
            guard !pending.isEmpty else { return }
            complete(pending.removeFirst(), failure: .server(message))
        case .other:
            break
        }
    }

    /// Resumes the callers of a finished command and reports a completed reconnect.
    private func complete(_ command: PendingCommand, failure: RedisError?) {
        for waiter in command.waiters {
            if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
        }
        if command.completesReconnect {
            onReconnect?()
        }
    }

    // MARK: - Disconnected

    /// Logs the loss once and keeps the callers of unconfirmed subscriptions for the next connection.
    private func connectionLost(_ error: RedisError) {
        shared.state.withLock { $0.isConnected = false }
        logger.warning("redis subscriber lost its connection; reconnecting", fields(error))
        for command in pending {
            if command.kind.adds {
                awaitingResubscription.append(contentsOf: command.waiters)
            } else {
                // With the connection gone the names are unsubscribed anyway.
                command.waiters.forEach { $0.resume() }
            }
        }
        pending = []
    }

    /// Waits `delay` before the next attempt, waking early only for stop; requests that
    /// arrive meanwhile are settled or kept for the next connection.
    private func waitOut(_ delay: Duration) {
        let deadline = ContinuousClock.now + delay
        while !isStopRequested {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return }
            var descriptor = pollfd(fd: shared.wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(clamping: remaining.roundedUpMilliseconds))
            shared.wakePipe.drain()
            let requests = shared.state.withLock { state in
                defer { state.outbox.removeAll() }
                return state.outbox
            }
            for request in requests {
                if request.kind.adds {
                    awaitingResubscription.append(request.waiter)
                } else {
                    request.waiter.resume()
                }
            }
        }
    }

    /// Logs a successful connection: once at start, and once per recovered outage.
    private func reportConnected(after outage: Outage?, isFirst: Bool) {
        var details: [String: LogValue] = ["redis": .string(url.description)]
        if let outage {
            details["failed_attempts"] = .int(outage.failedAttempts)
            details["downtime_ms"] = .int((ContinuousClock.now - outage.start).roundedUpMilliseconds)
        }
        if isFirst && outage == nil {
            logger.info("redis subscriber connected", details)
        } else {
            logger.info(isFirst ? "redis subscriber connected after retrying" : "redis subscriber reconnected", details)
        }
    }

    // MARK: - Stop

    /// Ends the thread's work: every caller still waiting gets `.stopped`, and the handlers
    /// are released (they may hold references back to their owners).
    private func finish() {
        let requests = shared.state.withLock { state in
            state.isConnected = false
            state.channelHandlers.removeAll()
            state.patternHandlers.removeAll()
            defer { state.outbox.removeAll() }
            return state.outbox
        }
        let waiters = awaitingResubscription + pending.flatMap(\.waiters) + requests.map(\.waiter)
        awaitingResubscription = []
        pending = []
        for waiter in waiters {
            waiter.resume(throwing: RedisError.stopped)
        }
    }

    /// True once `stop()` was called.
    private var isStopRequested: Bool {
        shared.state.withLock { $0.isStopRequested }
    }

    /// Log fields for an error.
    private func fields(_ error: RedisError) -> [String: LogValue] {
        ["redis": .string(url.description), "error": .string(error.description)]
    }
}
