#if canImport(Glibc)
    import Glibc
#endif

/// The events' time format, "YYYY-MM-DD HH:MM:SS" in UTC (CONTRACT §5).
public enum EventTimestamp {
    /// Now, formatted.
    public static func now() -> String {
        format(secondsSinceEpoch: time(nil))
    }

    /// A Unix time, formatted.
    public static func format(secondsSinceEpoch: Int) -> String {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
