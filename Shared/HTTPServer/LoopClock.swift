import EventLoop
import HTTP1

/// The clock of one loop's HTTP connections: the monotonic clock for time-outs and the
/// `Date` header, formatted at most once a second. Confined to the loop's thread.
final class LoopClock: HTTPConnectionClock {
    private let dateCache = DateCache()

    func now() -> UInt64 { MonotonicClock.now() }
    func date() -> String { dateCache.current() }
}
