import Config
import Events
import Logging
import Redis
import Synchronization

/// Follows the desk's event log (the stream `EventPublisher` keeps every event in, with its
/// id) and hands each relevant event to the `EventHandler` exactly once across all relay
/// instances and restarts:
///
/// - events are read in id order with a blocking read of the log, not from pub/sub, so an
///   event published while no relay runs is still there when one starts;
/// - each relevant event is claimed (`EventClaims`): one instance handles it, the others
///   wait until it is done (or take it over when its lease expires), so every instance
///   passes each event only once it is handled;
/// - a shared cursor (the highest id up to which everything is handled) is where a
///   restarted relay resumes; the first relay ever starts at the newest event, so a new
///   deployment does not replay old alerts.
///
/// A handler that fails (Redis, ingest-api down) is tried again after a pause, holding the
/// tail: events stay in order.
final class EventTail: Sendable {
    /// The log.
    private let log: EventLog
    /// The per-event claims.
    private let claims: EventClaims
    /// What is done with each event.
    private let handler: EventHandler
    /// What handling needs (Redis, keys, options, logger).
    private let context: RelayContext
    /// The reading loop, while running.
    private let loop = Mutex<Task<Void, Never>?>(nil)

    /// Creates the tail; `start()` begins reading.
    init(log: EventLog, context: RelayContext) {
        self.log = log
        self.context = context
        claims = EventClaims(
            redis: context.redis, keys: context.keys, instance: context.options.instanceName,
            leaseMilliseconds: context.options.eventLease.inMilliseconds)
        handler = EventHandler(context: context)
    }

    /// Starts following the log. The starting point is settled before this returns (when
    /// Redis answers), so an event published once the relay is up is never skipped.
    func start() async {
        let cursor = try? await startingCursor()
        let task = Task { await self.run(from: cursor) }
        loop.withLock { $0 = task }
    }

    /// Stops; an event being handled is left to the next start (its lease is this instance's).
    func stop() async {
        let task = loop.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
    }

    /// The loop: from the shared cursor, every event in order.
    private func run(from start: Int?) async {
        var cursor = start
        while !Task.isCancelled {
            do {
                let since: Int
                if let cursor {
                    since = cursor
                } else {
                    since = try await startingCursor()
                }
                cursor = since
                for entry in try await log.waitForEvents(after: since, count: 100, blockMilliseconds: 1000) {
                    try await handleOnce(entry)
                    cursor = entry.id
                    try await advance(to: entry.id)
                }
            } catch is CancellationError {
                return
            } catch {
                context.logger.warning("event log read failed", ["error": .string("\(error)")])
                try? await Task.sleep(for: context.options.retryPause)
            }
        }
    }

    /// Handles `entry` unless another instance does or did; returns once it is handled.
    private func handleOnce(_ entry: EventLog.Entry) async throws {
        guard EventHandler.isRelevant(entry.json) else { return }
        while true {
            switch try await claims.claim(entry.id) {
            case .done:
                return
            case .busy:
                try await Task.sleep(for: .milliseconds(50))
            case .mine:
                do {
                    try await handler.handle(entry)
                    try await claims.finish(entry.id)
                    context.count("events_handled", help: "Desk events handled by this instance.")
                    return
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    context.logger.warning(
                        "event not handled; trying again", ["id": .int(entry.id), "error": .string("\(error)")])
                    try await Task.sleep(for: context.options.retryPause)
                }
            }
        }
    }

    /// The shared cursor, set to the newest event when there is none yet.
    static let startScript = """
        local cursor = redis.call('GET', KEYS[1])
        if cursor then return cursor end
        local newest = redis.call('GET', KEYS[2]) or '0'
        redis.call('SET', KEYS[1], newest)
        return newest
        """

    /// Where to start reading.
    private func startingCursor() async throws -> Int {
        let reply = try await context.redis.send(
            "EVAL", RedisArgument(Self.startScript), "2", RedisArgument(context.keys.eventCursor),
            RedisArgument(log.keys.sequence))
        guard let text = reply.text, let cursor = Int(text) else {
            throw RelayError.unexpected("event cursor answered \(reply)")
        }
        return cursor
    }

    /// Moves the shared cursor forward (never back: another instance may be ahead).
    static let advanceScript = """
        if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1])
        end
        return 1
        """

    /// Records that everything up to `id` is handled.
    private func advance(to id: Int) async throws {
        _ = try await context.redis.send(
            "EVAL", RedisArgument(Self.advanceScript), "1", RedisArgument(context.keys.eventCursor), RedisArgument(id))
    }
}
