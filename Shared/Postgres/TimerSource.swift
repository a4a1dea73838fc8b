import Dispatch

/// A repeating dispatch timer on a queue of its own, for the pool's sweeps (`CallWatch`'s
/// overdue calls, waiters past the acquire time-out): one timer ticking a few times per
/// time-out instead of one timer per call.
///
/// Dispatch sources are thread-safe, but the overlay does not mark them Sendable; this
/// holder is only ever started once and cancelled once (in `deinit`).
final class TimerSource: @unchecked Sendable {
    private let source: any DispatchSourceTimer
    /// The time between ticks.
    let tick: Duration

    /// A timer firing every `tick` once started.
    init(every tick: Duration, label: String) {
        self.tick = tick
        let interval = DispatchTimeInterval.milliseconds(max(1, Int(tick / .milliseconds(1))))
        source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: label))
        source.schedule(deadline: .now() + interval, repeating: interval)
    }

    /// A timer ticking `timeout / 8` (between 10 ms and 250 ms), for a sweep of what is
    /// older than `cutoff(for: timeout)`.
    convenience init(checking timeout: Duration, label: String) {
        self.init(every: min(max(timeout / 8, .milliseconds(10)), .milliseconds(250)), label: label)
    }

    /// The start time before which something is due at a tick now: a tick early rather
    /// than up to a tick late, so that a limit such as "503 within 5 s" holds.
    func cutoff(for timeout: Duration) -> ContinuousClock.Instant {
        .now - max(timeout - tick, .zero)
    }

    deinit {
        source.cancel()
    }

    /// Calls `handler` on every tick from now on.
    func start(_ handler: @escaping @Sendable () -> Void) {
        source.setEventHandler(handler: handler)
        source.resume()
    }
}
