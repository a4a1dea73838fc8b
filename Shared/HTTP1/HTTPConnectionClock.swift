/// Where ``HTTPConnectionStateMachine`` reads the time: a monotonic clock for its time-outs
/// and the wall-clock date for the `Date` header. Injected, so tests move time by hand.
public protocol HTTPConnectionClock: AnyObject {
    /// Monotonic nanoseconds (any origin; only differences matter).
    func now() -> UInt64
    /// The current date as an IMF-fixdate, e.g. "Sun, 22 Nov 2026 00:18:36 GMT".
    func date() -> String
}
