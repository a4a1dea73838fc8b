import Dispatch

/// A repeating dispatch timer on a queue of its own, for the pool's sweeps (`CallWatch`'s
/// overdue calls, waiters past the acquire time-out): one timer ticking a few times per
/// time-out instead of one timer per call.
///
/// Dispatch sources are thread-safe, but the overlay does not mark them Sendable; this
/// holder is only ever started once and cancelled once (in `deinit`).
final class TimerSource: @unchecked Sendable {
    private let source: any DispatchSourceTimer

    /// A timer firing every `interval` once started.
    init(every interval: DispatchTimeInterval, label: String) {
        source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: label))
        source.schedule(deadline: .now() + interval, repeating: interval)
    }

    /// A timer ticking `timeout / 8` (between 10 ms and 250 ms): what exceeds `timeout` is
    /// noticed at most that late.
    convenience init(checking timeout: Duration, label: String) {
        let tick = min(max(timeout / 8, .milliseconds(10)), .milliseconds(250))
        self.init(every: .milliseconds(Int(tick / .milliseconds(1))), label: label)
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
