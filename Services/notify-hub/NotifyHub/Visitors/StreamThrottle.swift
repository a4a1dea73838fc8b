import EventLoop
import Synchronization

/// Spaces the frames of a streamed answer: each carries the whole text so far, so one per
/// interval shows the same progress as one per piece at a fraction of the bytes. The
/// final frame is always sent, whatever the throttle says.
final class StreamThrottle: Sendable {
    /// Nanoseconds between frames.
    private let interval: UInt64
    /// When the last frame went (pieces arrive on URLSession's queue).
    private let lastSent = Mutex<UInt64?>(nil)

    /// A throttle letting one frame through per `interval`.
    init(interval: Duration) {
        self.interval = MonotonicClock.nanoseconds(interval)
    }

    /// Whether a frame may go now; records it when it may.
    func allow(now: UInt64 = MonotonicClock.now()) -> Bool {
        lastSent.withLock { last in
            if let previous = last, now &- previous < interval { return false }
            last = now
            return true
        }
    }
}
