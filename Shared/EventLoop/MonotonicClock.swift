#if canImport(Glibc)
    import Glibc
#endif

/// Nanoseconds from CLOCK_MONOTONIC: unaffected by wall-clock changes, for time-outs.
public enum MonotonicClock {
    /// The current monotonic time in nanoseconds.
    @inline(__always)
    public static func now() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
