import Foundation
import TestSupport
import Testing
import WebSocket

@testable import NotifyHub

/// Issue 15, item 7: the dashboard opens `/notify` with a short-lived single-use ticket, so
/// the admin token never travels in a URL (proxies log URLs); `?token=` keeps working for
/// scripts; and an address that keeps presenting wrong tokens gets 429 for a while.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct AdminAccessTests {
    /// `POST /notify/ticket` on instance `index` with `token` (none when nil).
    static func ticket(_ harness: HubHarness, token: String? = HubHarness.token, instance index: Int = 0)
        async throws -> TestHTTPResponse
    {
        try await harness.rest(
            "POST", "/notify/ticket", instance: index, headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

    /// Upgrades `/notify` + `query` on instance `index` from `address`.
    static func notify(_ harness: HubHarness, _ query: String, from address: String? = nil, instance index: Int = 0)
        throws -> (status: Int, client: Handed<TestWebSocketClient>)
    {
        let client = try TestWebSocketClient(port: UInt16(harness.apps[index].port), timeout: .seconds(5))
        let response = try client.upgrade(
            path: "/notify" + query, headers: address.map { [("X-Forwarded-For", $0)] } ?? [])
        return (response.status, Handed(client))
    }

    @Test func aTicketOpensOneDashboardOnAnyInstanceOnceAndOnlyWhileFresh() async throws {
        let harness = try await HubHarness(instances: 2)
        defer { Task { await harness.stop() } }
        // Only for the token, sent in a header.
        #expect(try await Self.ticket(harness, token: nil).status == 401)
        #expect(try await Self.ticket(harness, token: "wrong").status == 401)
        let issued = try await Self.ticket(harness)
        #expect(issued.status == 200)
        #expect(issued.header("Cache-Control") == "no-store")
        #expect(keys(issued.bodyText) == ["expires_in", "ticket"])
        #expect(object(issued.bodyText)["expires_in"] as? Int == 30)
        let ticket = try #require(object(issued.bodyText)["ticket"] as? String)
        #expect(!ticket.contains(HubHarness.token))

        // Issued by instance 0, accepted by instance 1 (the balancer may send the upgrade anywhere).
        let (status, client) = try await offPool { try Self.notify(harness, "?ticket=\(ticket)", instance: 1) }
        #expect(status == 101)
        try await harness.waitForDashboards(1, instance: 1)
        #expect(harness.apps[1].hub.connectionCount == 1)
        try await harness.publisher.publish(type: "broadcast", data: ["message": "via ticket"])
        let frame = try await offPool { try client.value.receiveText() }
        #expect((object(frame)["data"] as? [String: Any])?["message"] as? String == "via ticket")

        // Used up: a second socket with it is closed with 1008 before any event.
        let reused = try await offPool { () -> TestWebSocketMessage in
            let (status, again) = try Self.notify(harness, "?ticket=\(ticket)")
            #expect(status == 101)
            return try again.value.receiveMessage()
        }
        #expect(reused == .close(code: .policyViolation, reason: "ticket unknown, expired or already used"))
        // Made up, and malformed.
        let madeUp = String(repeating: "A", count: DashboardTickets.length)
        let unknown = try await offPool { try Self.notify(harness, "?ticket=\(madeUp)").client.value.receiveMessage() }
        #expect(unknown == .close(code: .policyViolation, reason: "ticket unknown, expired or already used"))
        #expect(try await offPool { try Self.notify(harness, "?ticket=short").status } == 401)
        #expect(harness.apps[0].hub.connectionCount == 0)
        _ = client
    }

    @Test func aTicketNotUsedInTimeExpires() async throws {
        var options = HubHarness.testOptions
        options.ticketLifetime = .seconds(1)
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let ticket = try #require(object(try await Self.ticket(harness).bodyText)["ticket"] as? String)
        try await Task.sleep(nanoseconds: 2_100_000_000)
        let late = try await offPool { try Self.notify(harness, "?ticket=\(ticket)").client.value.receiveMessage() }
        #expect(late == .close(code: .policyViolation, reason: "ticket unknown, expired or already used"))
    }

    @Test func theTokenInTheQueryStillWorksForScripts() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        #expect(try await offPool { try Self.notify(harness, "?token=\(HubHarness.token)").status } == 101)
        #expect(try await offPool { try Self.notify(harness, "?token=wrong").status } == 401)
    }

    @Test func repeatedWrongTokensFromOneAddressGet429ForAWhile() async throws {
        var options = HubHarness.testOptions
        options.adminFailuresPerMinute = 3
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let guesser = "203.0.113.90"
        let statuses = try await offPool {
            try (0..<5).map { index in try Self.notify(harness, "?token=guess\(index)", from: guesser).status }
        }
        #expect(statuses == [401, 401, 401, 429, 429])
        // While braked, even the right token is not told apart from a wrong one.
        let right = try await offPool { try Self.notify(harness, "?token=\(HubHarness.token)", from: guesser).status }
        #expect(right == 429)
        // The other admin endpoints share the brake.
        let forwarded = [(name: "X-Forwarded-For", value: guesser)]
        let ticket = try await harness.rest(
            "POST", "/notify/ticket", headers: forwarded + [("Authorization", "Bearer \(HubHarness.token)")])
        #expect(ticket.status == 429)
        #expect(ticket.header("Retry-After") != nil)
        let broadcast = try await harness.rest(
            "POST", "/api/v1/broadcast", body: "{\"message\":\"x\"}",
            headers: forwarded + [("Authorization", "Bearer guess")])
        #expect(broadcast.status == 429)
        let proxied = try await harness.rest(
            "GET", "/api/tickets", headers: forwarded + [("Authorization", "Bearer guess")])
        #expect(proxied.status == 429)
        // The public counts need no token and are not braked; other addresses are unaffected.
        #expect(try await harness.rest("GET", "/api/v1/pipelines/p/ws/connections", headers: forwarded).status == 200)
        let elsewhere = try await offPool {
            try Self.notify(harness, "?token=\(HubHarness.token)", from: "198.51.100.91").status
        }
        #expect(elsewhere == 101)
    }
}
