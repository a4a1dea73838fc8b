import DeskProtocol
import Events
import Foundation
import TestSupport
import Testing

@testable import NotifyHub

/// Issue 15, item 6: a contact request pages every admin, and the visitor chooses its chat,
/// so contact requests are budgeted per address too (over every instance), repeats of one
/// text from one address within a window become one alert, and the alert's text is cut to
/// a readable length.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ContactAlertTests {
    /// Opens a fresh `/contact` visitor (a new client id, as a flood would) on instance
    /// `index` from `address`, sends one contact request and returns the frame it gets back.
    static func request(_ message: String, from address: String, harness: HubHarness, instance index: Int = 0) throws
        -> String
    {
        let client = try TestWebSocketClient.connect(
            port: UInt16(harness.apps[index].port), path: "/contact", headers: [("X-Forwarded-For", address)],
            timeout: .seconds(10))
        defer { _ = try? client.close() }
        _ = try client.receiveText()
        let body = try JSONSerialization.data(withJSONObject: [
            "type": "contact_request", "message": message, "timestamp": "t", "userAgent": "test",
        ])
        try client.send(text: String(decoding: body, as: UTF8.self))
        return try client.receiveText()
    }

    /// The `new_session` events kept in the desk's event log.
    static func alerts(_ harness: HubHarness) async throws -> [[String: Any]] {
        let log = EventLog(redis: harness.redis, keys: EventKeys(channel: harness.channel))
        let entries = try await log.events(after: 0).entries
        return entries.map { object($0.json) }.filter { $0["type"] as? String == "new_session" }.compactMap {
            $0["data"] as? [String: Any]
        }
    }

    @Test func oneAddressWithAFreshClientIDPerRequestPagesTheAdminsOnlyWithinItsBudget() async throws {
        var options = HubHarness.testOptions
        options.ipContactRequestsPerHour = 5
        let harness = try await HubHarness(instances: 2, options: options)
        defer { Task { await harness.stop() } }
        // Twenty requests, alternating between two hub instances: the budget is the address's.
        let answers = try await offPool {
            try (0..<20).map { index in
                try Self.request(
                    "Call me, attempt \(index)", from: "203.0.113.50", harness: harness, instance: index % 2)
            }
        }.map(object)
        #expect(answers.filter { $0["type"] as? String == "contact_request_received" }.count == 5)
        #expect(answers.filter { $0["type"] as? String == "error" }.count == 15)
        #expect(try await Self.alerts(harness).count == 5)
        // Another address is not held by the first one's flood.
        let other = object(
            try await offPool { try Self.request("Please call", from: "198.51.100.60", harness: harness) })
        #expect(other["type"] as? String == "contact_request_received")
        #expect(try await Self.alerts(harness).count == 6)
    }

    @Test func theSameTextFromOneAddressWithinTheWindowIsOneAlert() async throws {
        var options = HubHarness.testOptions
        options.contactRepeatWindow = .seconds(600)
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let answers = try await offPool {
            try (0..<10).map { index in
                // Case and surrounding spaces do not make a new text.
                try Self.request(
                    index % 2 == 0 ? "Our VPN is down" : " our vpn is DOWN ", from: "203.0.113.70", harness: harness)
            }
        }.map(object)
        // Each visitor is acknowledged; the admins are paged once.
        #expect(answers.allSatisfy { $0["type"] as? String == "contact_request_received" })
        #expect(try await Self.alerts(harness).count == 1)
        // A different text, or the same text from another address, is a new alert.
        _ = try await offPool { try Self.request("Something else", from: "203.0.113.70", harness: harness) }
        _ = try await offPool { try Self.request("Our VPN is down", from: "203.0.113.71", harness: harness) }
        #expect(try await Self.alerts(harness).count == 3)
    }

    @Test func anAlertCarriesAtMostAThousandCharactersAndTooLongARequestNone() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let long = String(repeating: "é", count: 9_000)
        let answer = object(try await offPool { try Self.request(long, from: "203.0.113.80", harness: harness) })
        #expect(answer["type"] as? String == "contact_request_received")
        let alerts = try await Self.alerts(harness)
        let message = try #require(alerts.first?["message"] as? String)
        #expect(message.unicodeScalars.count == 1_000)
        #expect(message.hasSuffix("…"))
        #expect(message.hasPrefix(String(repeating: "é", count: 999)))
        // Over ingest-api's text limit: refused, nobody paged.
        let tooLong = object(
            try await offPool {
                try Self.request(String(repeating: "a", count: 10_001), from: "203.0.113.81", harness: harness)
            })
        #expect(tooLong["type"] as? String == "error")
        #expect(try await Self.alerts(harness).count == 1)
    }
}
