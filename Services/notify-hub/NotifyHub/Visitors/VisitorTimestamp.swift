#if canImport(Glibc)
    import Glibc
#endif

/// The visitor dialects' timestamps: ISO 8601 in UTC with milliseconds
/// ("2025-01-28T12:00:00.123Z"), which browsers' `Date` parses as is.
enum VisitorTimestamp {
    /// Now.
    static func now() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return format(seconds: Int(now.tv_sec), milliseconds: Int(now.tv_nsec / 1_000_000))
    }

    /// A Unix time in seconds, without milliseconds.
    static func format(unixSeconds: Int) -> String { format(seconds: unixSeconds, milliseconds: nil) }

    /// Seconds since the epoch, for "last active" bookkeeping.
    static func unixSeconds() -> Int { Int(time(nil)) }

    /// Formats a Unix time, with milliseconds when given.
    private static func format(seconds: Int, milliseconds: Int?) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
        text += "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if let milliseconds { text += "." + pad(Int32(milliseconds), 3) }
        return text + "Z"
    }
}
