import DeskProtocol
import Events
import Foundation
import Redis
import TestSupport
import Testing
import WebSocket

@testable import NotifyHub

/// The bounds of the `/notify` feed (CONTRACT §6) at the hub, against a real Redis: a
/// dashboard that cannot keep up is closed with a named code, and one that comes back
/// after the kept events were trimmed is told its replay did not recover.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct DashboardFeedTests {
    @Test func aDashboardThatDoesNotReadIsClosedWith1013() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let client = try await offPool { Handed(try harness.dashboard()) }
        try await harness.waitForDashboards(1)
        // Events of 16 KiB, half a MiB per round trip, while the dashboard reads nothing,
        // until the hub reports the slow consumer (bounded: at most 64 MiB).
        let padding = String(repeating: "x", count: 16 * 1024)
        let batch = try (0..<32).map { _ in
            try EventPublisher.Pending(type: "broadcast", data: ["padding": padding])
        }
        var reported = false
        var batches = 0
        while !reported && batches < 128 {
            try await harness.publisher.publish(batch)
            batches += 1
            let metrics = try await harness.rest("GET", "/metrics").bodyText
            reported = metrics.contains("websocket_slow_consumer_closes_total 1")
        }
        #expect(reported, "not reported after \(batches) batches")
        // Reading now, the dashboard finds the events the hub had queued, then its close frame.
        let closing = try await offPool { () -> TestWebSocketMessage? in
            while true {
                guard let message = try? client.value.receiveMessage(timeout: .seconds(5)) else { return nil }
                if case .close(let code, _) = message {
                    // Completes the handshake, so the hub lets go at once.
                    try? client.value.sendClose(code: code)
                    return message
                }
            }
        }
        guard case .close(let code, _)? = closing else {
            Issue.record("the connection ended without a close frame: \(String(describing: closing))")
            return
        }
        #expect(code == .tryAgainLater)
        #expect(await eventually { harness.apps[0].hub.connectionCount == 0 })
    }

    @Test func aDashboardReturningAfterItsEventsWereTrimmedIsToldItDidNotRecover() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        // The log keeps few events: Redis trims whole nodes of 100 entries past the bound.
        let keys = EventKeys(channel: harness.channel)
        let publisher = EventPublisher(redis: harness.redis, keys: keys, retainedCount: 5)
        let batch = try (0..<50).map { _ in try EventPublisher.Pending(type: "broadcast", data: ["n": 1]) }
        var published: [Int] = []
        for _ in 0..<8 { published += try await publisher.publish(batch) }
        let ids = published
        let oldest = try await harness.redis.send("XRANGE", RedisArgument(keys.log), "-", "+", "COUNT", "1")
        let oldestID = try #require(
            oldest.arrayValue?.first?.arrayValue?.first?.text.flatMap { Int($0.prefix { $0 != "-" }) })
        let newest = try #require(ids.last)
        // The first events are gone from the log, so a client that last saw the first one missed some.
        try #require(oldestID > ids[1])
        let kept = Array(ids.drop { $0 < oldestID })
        let (stale, current) = try await offPool {
            // Everything up to the newest event, however the replay begins.
            let stale = try harness.dashboard(query: "&since=\(ids[0])")
            var staleFrames = [try stale.receiveText()]
            while eventID(staleFrames[staleFrames.count - 1]) != newest { staleFrames.append(try stale.receiveText()) }
            // A client whose events are all kept is not told anything of the kind.
            let current = try harness.dashboard(query: "&since=\(newest - 2)")
            return (staleFrames, try [current.receiveText(), current.receiveText()])
        }
        #expect(stale[0] == "{\"type\":\"replay\",\"recovered\":false}")
        // Then what the log still keeps, oldest first, nothing from before it.
        #expect(stale.dropFirst().map(eventID) == kept)
        #expect(current.map(eventID) == [newest - 1, newest])
    }
}
