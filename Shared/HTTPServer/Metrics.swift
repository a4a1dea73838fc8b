import Foundation
import Synchronization

/// Counters, gauges and one latency histogram, rendered in Prometheus text format.
/// Shared by every loop of a process; one uncontended lock per update costs tens of
/// nanoseconds, far below a request's cost.
public final class Metrics: Sendable {
    /// Upper bounds (seconds) of the request latency buckets: from a cached answer (100 µs)
    /// to a dependency time-out (5 s).
    static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    /// One series of http_requests_total; a struct key avoids building label text per request.
    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var counters: [String: [String: Double]] = [:]
        var help: [String: String] = [:]
        var latencyCounts = [UInt64](repeating: 0, count: Metrics.latencyBuckets.count + 1)
        var latencySum: Double = 0
        var gauges: [(name: String, help: String, read: @Sendable () -> Double)] = []
    }

    private let state = Mutex(State())

    /// The methods labelled by name; any other is counted as "other", so made-up methods
    /// cannot add series (each is memory for ever, and text in every scrape).
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "-"]
    /// The most series one counter (and http_requests_total) keeps; later label sets are
    /// counted in one `overflow="true"` series. Routes are patterns and statuses few, so a
    /// well-behaved process stays far below it.
    public static let maxSeriesPerCounter = 500

    public init() {}

    /// Adds `amount` to counter `name` with the given labels (keep label values bounded).
    public func increment(_ name: String, labels: [(String, String)] = [], by amount: Double = 1, help: String = "") {
        let key = Self.labelText(labels)
        state.withLock { state in
            var series = state.counters[name, default: [:]]
            let bounded = series[key] != nil || series.count < Self.maxSeriesPerCounter ? key : Self.overflowLabels
            series[bounded, default: 0] += amount
            state.counters[name] = series
            if state.help[name] == nil && !help.isEmpty { state.help[name] = help }
        }
    }

    /// Registers a gauge read at scrape time.
    public func gauge(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        state.withLock { $0.gauges.append((name: name, help: help, read: read)) }
    }

    /// Records one request: its route pattern, method, status and duration.
    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        var key = RequestKey(
            route: route, method: Self.knownMethods.contains(method) ? method : "other", status: status)
        let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 } ?? Self.latencyBuckets.count
        state.withLock { state in
            if state.requests[key] == nil && state.requests.count >= Self.maxSeriesPerCounter {
                key = RequestKey(route: "overflow", method: "other", status: 0)
            }
            state.requests[key, default: 0] += 1
            state.latencyCounts[bucket] += 1
            state.latencySum += seconds
        }
    }

    /// The label set of a counter's overflow series.
    static let overflowLabels = labelText([("overflow", "true")])

    /// The Prometheus text exposition of everything recorded.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        let requestLines = snapshot.requests.map { key, count in
            "http_requests_total" + Self.labelText([("route", key.route), ("method", key.method), ("status", String(key.status))])
                + " \(count)\n"
        }
        out += requestLines.sorted().joined()
        for (name, series) in snapshot.counters.sorted(by: { $0.key < $1.key }) {
            out += "# HELP \(name) \(snapshot.help[name] ?? name)\n# TYPE \(name) counter\n"
            for (labels, value) in series.sorted(by: { $0.key < $1.key }) {
                out += "\(name)\(labels) \(Self.number(value))\n"
            }
        }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response being queued.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        var cumulative: UInt64 = 0
        for (index, bound) in Self.latencyBuckets.enumerated() {
            cumulative += snapshot.latencyCounts[index]
            out += "http_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        cumulative += snapshot.latencyCounts[Self.latencyBuckets.count]
        out += "http_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)\n"
        out += "http_request_duration_seconds_sum \(snapshot.latencySum)\n"
        out += "http_request_duration_seconds_count \(cumulative)\n"
        for gauge in snapshot.gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(Self.number(gauge.read()))\n"
        }
        return out
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func labelText(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.map { name, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(escaped)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }
}
