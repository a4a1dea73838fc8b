import Dispatch
import Logging
import Synchronization

/// A fixed number of seats (connection + dedicated queue) shared by any number of tasks.
///
/// A task takes an idle seat or, when all are busy, waits without blocking a thread, in
/// FIFO order; a task cancelled while waiting leaves the queue with `CancellationError`.
final class ConnectionPool: Sendable {
    /// What the lock protects.
    private struct State {
        /// Seats nobody uses; the most recently used is taken first, so that under light
        /// load fewer connections get opened.
        var idle: [PoolSlot]
        /// Tasks waiting for a seat, oldest first.
        var waiters = WaiterQueue<CheckedContinuation<PoolSlot, any Error>>()
        /// Source of waiter identifiers, used to find a waiter again on cancellation.
        var lastWaiterID: UInt64 = 0
    }

    /// Idle seats and waiting tasks.
    private let state: Mutex<State>

    /// Creates `size` seats; none connects before it is first used.
    init(size: Int, url: RedisURL, options: RedisConnectionOptions, logger: Logger) {
        let slots = (0..<size).map { PoolSlot(index: $0, url: url, options: options, logger: logger) }
        state = Mutex(State(idle: slots.reversed()))
    }

    /// Runs `body` on a seat's queue with its connection, waiting for a free seat first.
    func withConnection<Result: Sendable>(
        _ body: @escaping @Sendable (RedisConnection) throws -> Result
    ) async throws -> Result {
        try Task.checkCancellation()
        let slot = try await acquire()
        defer { release(slot) }
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async {
                continuation.resume(with: Swift.Result { try slot.run(body) })
            }
        }
    }

    /// Takes an idle seat, or waits in line for one.
    private func acquire() async throws -> PoolSlot {
        let (slot, id) = state.withLock { state -> (PoolSlot?, UInt64) in
            state.lastWaiterID += 1
            return (state.idle.popLast(), state.lastWaiterID)
        }
        if let slot { return slot }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PoolSlot, any Error>) in
                let outcome = state.withLock { state -> Swift.Result<PoolSlot, any Error>? in
                    if let slot = state.idle.popLast() { return .success(slot) }
                    // Checked under the lock: a cancellation after this point finds the waiter queued.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(continuation, id: id)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.remove(id: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Hands the seat to the longest-waiting task, or puts it back among the idle ones.
    private func release(_ slot: PoolSlot) {
        let waiter = state.withLock { state -> CheckedContinuation<PoolSlot, any Error>? in
            if let waiter = state.waiters.popFirst() { return waiter }
            state.idle.append(slot)
            return nil
        }
        waiter?.resume(returning: slot)
    }
}
