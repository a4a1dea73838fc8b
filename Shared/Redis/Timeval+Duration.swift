#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension timeval {
    /// The `timeval` hiredis and `setsockopt` expect for `duration`; negative means zero.
    init(_ duration: Duration) {
        guard duration > .zero else {
            self.init(tv_sec: 0, tv_usec: 0)
            return
        }
        let (seconds, attoseconds) = duration.components
        // One microsecond is 10^12 attoseconds.
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a short positive wait never becomes 0 (a busy loop).
    var roundedUpMilliseconds: Int {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let remainder = attoseconds % 1_000_000_000_000_000
        return Int(milliseconds) + (remainder > 0 ? 1 : 0)
    }
}
