import Events
import Logging
import Synchronization

/// Publishes desk events off the request path, in the order they were handed over.
///
/// A request hands its events over and answers at once; one drainer at a time takes
/// everything waiting and publishes it in a single Redis call (`EventPublisher` numbers a
/// batch consecutively), so under load many requests share a round trip, and no request
/// waits for Redis. Ids follow hand-over order because there is only ever one drainer.
///
/// Publishing was already best effort (Redis down: logged, the request still succeeds;
/// dashboards see the gap in their replay); the backlog is bounded by `capacity`, past
/// which new events are dropped and counted in the log. `flush` waits for the backlog, and
/// shutdown calls it before the process exits.
final class EventSink: Sendable {
    /// Events waiting, and whether a drainer is running.
    private struct State {
        var pending: [EventPublisher.Pending] = []
        var isDraining = false
        /// Callers of `flush` waiting for the backlog to empty.
        var flushWaiters: [CheckedContinuation<Void, Never>] = []
        /// Events dropped because the backlog was full, not yet logged.
        var dropped = 0
        /// Events dropped since the start.
        var droppedTotal = 0
    }

    /// The shared publisher (numbering, replay log, pub/sub).
    private let publisher: EventPublisher
    /// Where failures are logged.
    private let logger: Logger
    /// The most events waiting at once.
    let capacity: Int
    /// The most events published in one call.
    let batchLimit: Int
    private let state = Mutex(State())

    init(publisher: EventPublisher, logger: Logger, capacity: Int = 50_000, batchLimit: Int = 500) {
        self.publisher = publisher
        self.logger = logger
        self.capacity = capacity
        self.batchLimit = max(1, batchLimit)
    }

    /// Hands `events` over for publishing, in this order and after everything handed over before.
    func send(_ events: [EventPublisher.Pending]) {
        guard !events.isEmpty else { return }
        let startsDrainer = state.withLock { state -> Bool in
            guard state.pending.count + events.count <= capacity else {
                state.dropped += events.count
                state.droppedTotal += events.count
                return false
            }
            state.pending += events
            guard !state.isDraining else { return false }
            state.isDraining = true
            return true
        }
        if startsDrainer { Task { await drain() } }
    }

    /// Events waiting to be published.
    var backlog: Int { state.withLock { $0.pending.count } }

    /// Events dropped since the start because the backlog was full.
    var droppedCount: Int { state.withLock { $0.droppedTotal } }

    /// Returns once everything handed over so far is published (or failed to be).
    func flush() async {
        await withCheckedContinuation { continuation in
            let isIdle = state.withLock { state -> Bool in
                guard state.isDraining || !state.pending.isEmpty else { return true }
                state.flushWaiters.append(continuation)
                return false
            }
            if isIdle { continuation.resume() }
        }
    }

    /// Publishes batches until nothing is waiting, then wakes the flush waiters.
    private func drain() async {
        while true {
            let (batch, dropped, waiters) = state.withLock {
                state -> ([EventPublisher.Pending], Int, [CheckedContinuation<Void, Never>]) in
                let dropped = state.dropped
                state.dropped = 0
                guard !state.pending.isEmpty else {
                    state.isDraining = false
                    defer { state.flushWaiters = [] }
                    return ([], dropped, state.flushWaiters)
                }
                let batch = Array(state.pending.prefix(batchLimit))
                state.pending.removeFirst(batch.count)
                return (batch, dropped, [])
            }
            if dropped > 0 {
                logger.warning("events dropped: the backlog is full (Redis slow or down?)", ["count": .int(dropped)])
            }
            guard !batch.isEmpty else {
                for waiter in waiters { waiter.resume() }
                return
            }
            do {
                try await publisher.publish(batch)
            } catch {
                logger.warning(
                    "events not published",
                    ["count": .int(batch.count), "types": .string(Set(batch.map(\.type)).sorted().joined(separator: ",")),
                     "error": .string("\(error)")])
            }
        }
    }
}
