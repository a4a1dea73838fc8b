import Dispatch
import Synchronization

/// Answers calls that run past their deadline, for the whole pool with one timer.
///
/// A blocking libpq call cannot be interrupted, but its caller need not wait for it: a call
/// registers how to answer early (`expire`), and a timer ticking a few times per deadline
/// answers every call older than the deadline. The stuck call finishes later, unheard, and
/// its connection is then closed. One shared timer instead of one per call (a sleeping
/// Task, or a dispatch timer each) keeps a fast call's cost to two dictionary updates.
final class CallWatch: Sendable {
    /// A call in flight: when it started and how to answer it early.
    private struct Entry {
        var startedAt: ContinuousClock.Instant
        var expire: @Sendable () -> Void
    }

    /// How long a call may run.
    let deadline: Duration
    /// Calls in flight by id, and the next id.
    private let calls = Mutex<(entries: [UInt64: Entry], nextID: UInt64)>(([:], 0))
    /// The ticking timer (cancelled when the watch goes).
    private let timer: TimerSource

    /// A watch that answers calls older than `deadline`, checking every `deadline / 8`
    /// (between 10 ms and 250 ms): a call is answered at most that much before its deadline,
    /// never after it.
    init(deadline: Duration) {
        self.deadline = deadline
        timer = TimerSource(checking: deadline, label: "switchboard.postgres.call-watch")
        timer.start { [weak self] in self?.expireOverdue() }
    }

    /// Registers a call that began at `startedAt` (the caller's request, which may have
    /// waited for a connection first); `expire` is called (once, from the timer's queue) if
    /// the call is still registered after the deadline. Returns the id to `finish` it with.
    func start(at startedAt: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        calls.withLock { calls in
            calls.nextID &+= 1
            calls.entries[calls.nextID] = Entry(startedAt: startedAt, expire: expire)
            return calls.nextID
        }
    }

    /// Unregisters call `id`: it finished in time (or was expired already).
    func finish(_ id: UInt64) {
        _ = calls.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Answers and unregisters every call older than the deadline.
    private func expireOverdue() {
        let cutoff = timer.cutoff(for: deadline)
        let overdue = calls.withLock { calls -> [Entry] in
            let late = calls.entries.filter { $0.value.startedAt <= cutoff }
            for id in late.keys { calls.entries[id] = nil }
            return Array(late.values)
        }
        for entry in overdue { entry.expire() }
    }
}
