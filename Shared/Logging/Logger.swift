import JSONEscaping
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes one JSON object per line to stderr:
/// `{"ts":"2026-11-22T00:00:00.000Z","level":"info","logger":"ingest-api","msg":"…",…fields}`.
///
/// A value type that is cheap to copy; each line goes out in a single `write(2)` so
/// lines from different threads never interleave.
public struct Logger: Sendable {
    /// Names the component in the `logger` field.
    public var label: String
    /// Lines below this level are dropped before any formatting work.
    public var level: LogLevel
    /// Fields added to every line of this logger (for example a connection id).
    public var fields: [String: LogValue]

    public init(label: String, level: LogLevel = .info, fields: [String: LogValue] = [:]) {
        self.label = label
        self.level = level
        self.fields = fields
    }

    /// A logger for a sub-component: same level and fields, label `parent.child`.
    public func child(_ name: String, fields extra: [String: LogValue] = [:]) -> Logger {
        Logger(label: label + "." + name, level: level, fields: fields.merging(extra) { _, new in new })
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: [String: LogValue] = [:]) {
        log(.debug, message(), fields)
    }

    public func info(_ message: @autoclosure () -> String, _ fields: [String: LogValue] = [:]) {
        log(.info, message(), fields)
    }

    public func warning(_ message: @autoclosure () -> String, _ fields: [String: LogValue] = [:]) {
        log(.warning, message(), fields)
    }

    public func error(_ message: @autoclosure () -> String, _ fields: [String: LogValue] = [:]) {
        log(.error, message(), fields)
    }

    /// Formats and writes one line if `severity` is at or above this logger's level.
    public func log(_ severity: LogLevel, _ message: @autoclosure () -> String, _ extra: [String: LogValue] = [:]) {
        guard severity >= level else { return }
        let line = format(severity, message(), extra)
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// The JSON line, newline included. Internal for tests.
    func format(_ severity: LogLevel, _ message: String, _ extra: [String: LogValue]) -> String {
        var out = "{\"ts\":\"" + Self.timestamp() + "\",\"level\":\"" + severity.name + "\",\"logger\":"
        JSONEscaping.appendQuoted(label, to: &out)
        out += ",\"msg\":"
        JSONEscaping.appendQuoted(message, to: &out)
        for (key, value) in fields.merging(extra, uniquingKeysWith: { _, new in new }).sorted(by: { $0.key < $1.key }) {
            out += ","
            JSONEscaping.appendQuoted(key, to: &out)
            out += ":"
            value.appendJSON(to: &out)
        }
        out += "}\n"
        return out
    }

    /// UTC time with milliseconds, ISO 8601, without Foundation's formatter (not cheap, not Sendable).
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(now.tv_nsec / 1_000_000), 3) + "Z"
    }
}
