import Foundation
import HTTP1
import HTTPServer
import TestSupport
import Testing

/// /metrics cannot be grown from outside (issue 15, item 3): before, each made-up method
/// of an unmatched request added a series for ever (500 requests: about 40 KB more in
/// every scrape and in memory, in every service).
struct MetricsBoundTests {
    @Test func madeUpMethodsAndPathsDoNotAddSeries() async throws {
        let metrics = Metrics()
        let server = try TestServer.start(
            metrics: metrics,
            routes: { router in
                router.addStandardRoutes(metrics: metrics, readiness: [], timeout: .seconds(1))
            })
        defer { Task { await server.stop() } }
        let (before, after) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            _ = try client.request("GET", "/healthz")
            let before = try client.request("GET", "/metrics").bodyText
            for index in 0..<500 {
                let probe = try TestHTTPClient(port: server.port)
                _ = try probe.request("M\(index)X", "/no/such/path/\(index)")
            }
            return (before, try client.request("GET", "/metrics").bodyText)
        }
        let series = after.split(separator: "\n").filter { $0.hasPrefix("http_requests_total{") }
        #expect(series.count <= 6, "\(series)")
        #expect(!after.contains("method=\"M1X\""))
        #expect(after.contains("method=\"other\""))
        #expect(after.utf8.count - before.utf8.count < 2_000)
    }

    @Test func aCounterKeepsAtMostItsSeriesBound() {
        let metrics = Metrics()
        for index in 0..<2_000 {
            metrics.increment("things_total", labels: [("id", "\(index)")], help: "Things.")
        }
        let lines = metrics.render().split(separator: "\n").filter { $0.hasPrefix("things_total{") }
        #expect(lines.count == Metrics.maxSeriesPerCounter + 1)
        #expect(lines.contains { $0.hasPrefix("things_total{overflow=\"true\"} 1500") })
    }
}
