import TestSupport
import Foundation
import HTTPFetch
import Testing

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The test Redis (`TEST_REDIS_URL`, exported by `make test`); the integration suites are
/// skipped without it.
let testRedisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

/// `GET http://127.0.0.1:{port}{path}`: the status and the body's text.
func httpGet(port: Int, _ path: String) async throws -> (status: Int, body: String) {
    let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
    // fetch, not URLSession's async data(from:), which can deadlock on Linux (Shared/HTTPFetch).
    let (data, response) = try await URLSession.shared.fetch(URLRequest(url: url))
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// The value of counter `name` in a Prometheus text (0 when absent).
func counter(_ name: String, in metrics: String) -> Double {
    for line in metrics.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Double(line.split(separator: " ").last ?? "") ?? 0
    }
    return 0
}
