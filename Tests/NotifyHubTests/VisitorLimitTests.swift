import Foundation
import TestSupport
import Testing

@testable import NotifyHub

/// Per-IP rate limits on the visitor endpoints (CONTRACT §6), configured low.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct VisitorLimitTests {
    @Test func connectionsPerMinuteAreLimitedPerClientAddress() async throws {
        var options = HubHarness.testOptions
        options.connectionsPerMinute = 3
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let statuses = try await offPool {
            func upgrade(_ path: String, from address: String? = nil) throws -> Int {
                let headers = address.map { [("X-Forwarded-For", "\($0)")] } ?? []
                return try TestWebSocketClient(port: port).upgrade(path: path, headers: headers).status
            }
            // Both dialects share the budget of one address.
            var statuses = try [upgrade("/contact"), upgrade("/api/v1/pipelines/p/ws/connect"), upgrade("/contact")]
            statuses.append(try upgrade("/contact"))
            statuses.append(try upgrade("/api/v1/pipelines/p/ws/connect"))
            // The loopback peer is a trusted proxy: the client it names has its own budget,
            // and an address written by the client to the left proves nothing.
            statuses.append(try upgrade("/contact", from: "203.0.113.7"))
            statuses.append(try upgrade("/contact", from: "127.0.0.1, 203.0.113.8"))
            return statuses
        }
        #expect(statuses == [101, 101, 101, 429, 429, 101, 101])
    }

    @Test func messagesPerSecondAreLimitedWithAnErrorAndTheSocketStaysOpen() async throws {
        var options = HubHarness.testOptions
        options.messagesPerSecond = 3
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let (answers, later) = try await offPool {
            let client = try harness.contact()
            _ = try client.receiveText()
            for _ in 0..<6 { try client.send(text: "{\"type\":\"ping\"}") }
            let answers = try (0..<6).map { _ in object(try client.receiveText())["type"] as? String ?? "" }
            Thread.sleep(forTimeInterval: 1.1)
            try client.send(text: "{\"type\":\"ping\"}")
            return (answers, object(try client.receiveText())["type"] as? String)
        }
        #expect(answers == ["pong", "pong", "pong", "error", "error", "error"])
        #expect(later == "pong")
    }

    @Test func restCallsShareTheMessageLimit() async throws {
        var options = HubHarness.testOptions
        options.messagesPerSecond = 2
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        var statuses: [Int] = []
        for _ in 0..<3 {
            statuses.append(try await harness.rest("GET", "/api/v1/pipelines/p/ws/messages/person").status)
        }
        #expect(statuses == [200, 200, 429])
    }
}
