import Foundation
import TestSupport
import Testing

@testable import NotifyHub

/// Visitor limits (CONTRACT §6): budgets per visitor, and per client IP only a ceiling that
/// an office behind one address does not reach. Most tests run the shipped defaults.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct VisitorLimitTests {
    /// The loopback peer is a trusted proxy, so a test can speak for any client address.
    static func forwarded(_ address: String?) -> [(name: String, value: String)] {
        address.map { [("X-Forwarded-For", $0)] } ?? []
    }

    /// A `/contact` visitor of `port`, connected as `address` (the peer itself when nil),
    /// its greeting read.
    static func contactVisitor(port: UInt16, from address: String?, query: String = "") throws
        -> (client: TestWebSocketClient, clientID: String)
    {
        let client = try TestWebSocketClient.connect(
            port: port, path: "/contact\(query)", headers: forwarded(address), timeout: .seconds(10))
        let greeting = object(try client.receiveText())
        return (client, greeting["client_id"] as? String ?? "")
    }

    /// The error texts among `frames`.
    static func errors(_ frames: [String]) -> [String] {
        frames.map(object).filter { $0["type"] as? String == "error" }.map { $0["message"] as? String ?? "" }
    }

    // MARK: An office behind one address (the shipped defaults)

    @Test(arguments: [nil, "198.51.100.20"])
    func eightyColleaguesBehindOneAddressAllConnectAndChatAndTheirRESTCallsAnswer(forwardedFor: String?)
        async throws
    {
        let harness = try await HubHarness(options: HubHarness.shippedLimits)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let connectionsPath = "/api/v1/pipelines/office/ws/connections"
        let (refusedUpgrades, frames) = try await offPool {
            // All 80 open the widget within a moment of each other...
            var visitors: [TestWebSocketClient] = []
            var refused: [Int] = []
            for _ in 0..<80 {
                let client = try TestWebSocketClient(port: port, timeout: .seconds(10))
                let response = try client.upgrade(path: "/contact", headers: Self.forwarded(forwardedFor))
                if response.status == 101 {
                    _ = try client.receiveText()
                    visitors.append(client)
                } else {
                    refused.append(response.status)
                }
            }
            // ...and each asks a couple of questions right away.
            for client in visitors {
                for question in ["Where is the VPN guide?", "How do I reset my VPN password?"] {
                    try client.send(text: "{\"type\":\"chat_message\",\"message\":\"\(question)\",\"timestamp\":\"t\"}")
                }
            }
            // Each question ends in an answer or in an error (a refusal has no acknowledgement).
            let frames = try visitors.map { client in
                var frames: [String] = []
                while frames.filter({ ["chat_message", "error"].contains(object($0)["type"] as? String) }).count < 2 {
                    frames.append(try client.receiveText())
                }
                return frames
            }
            return (refused, frames)
        }
        #expect(refusedUpgrades.isEmpty)
        #expect(frames.count == 80)
        let allFrames = frames.flatMap { $0 }
        #expect(Self.errors(allFrames).isEmpty)
        #expect(allFrames.filter { object($0)["type"] as? String == "chat_message" }.count == 160)
        // Their dashboards' REST reads from the same address keep answering meanwhile.
        var statuses: [Int] = []
        for _ in 0..<20 {
            statuses.append(
                try await harness.rest("GET", connectionsPath, headers: Self.forwarded(forwardedFor)).status)
        }
        #expect(statuses == Array(repeating: 200, count: 20))
    }

    // MARK: Per visitor

    @Test func oneVisitorSendingTooFastIsLimitedAndItsColleaguesAreNot() async throws {
        let harness = try await HubHarness(options: HubHarness.shippedLimits)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let (hasty, colleague) = try await offPool {
            let hasty = try Self.contactVisitor(port: port, from: nil).client
            let colleague = try Self.contactVisitor(port: port, from: nil).client
            for _ in 0..<20 { try hasty.send(text: "{\"type\":\"ping\"}") }
            let hastyFrames = try (0..<20).map { _ in try hasty.receiveText() }
            for _ in 0..<3 { try colleague.send(text: "{\"type\":\"ping\"}") }
            return (hastyFrames, try (0..<3).map { _ in try colleague.receiveText() })
        }
        let types = hasty.map { object($0)["type"] as? String ?? "" }
        // Its own budget (5 a second, a second's worth at once) and not much more, refused
        // with the visitor's own error; the socket stays open.
        #expect(Array(types.prefix(5)) == Array(repeating: "pong", count: 5))
        #expect(types.filter { $0 == "error" }.count >= 10)
        #expect(Set(Self.errors(hasty)) == [VisitorTexts.of(.en).slowDown])
        // Its colleague at the same address has a budget of its own.
        #expect(colleague.map { object($0)["type"] as? String ?? "" } == ["pong", "pong", "pong"])
    }

    @Test func aVisitorsBudgetFollowsItsClientIDAcrossSocketsAndRefills() async throws {
        var options = HubHarness.testOptions
        options.messagesPerSecond = 3
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let (answers, reconnected, later) = try await offPool {
            let (client, clientID) = try Self.contactVisitor(port: port, from: nil)
            for _ in 0..<6 { try client.send(text: "{\"type\":\"ping\"}") }
            let answers = try (0..<6).map { _ in object(try client.receiveText())["type"] as? String ?? "" }
            // A second socket of the same client id is the same visitor, even from another address.
            let again = try Self.contactVisitor(port: port, from: "203.0.113.77", query: "?client_id=\(clientID)")
                .client
            try again.send(text: "{\"type\":\"ping\"}")
            let reconnected = try again.receiveText()
            Thread.sleep(forTimeInterval: 1.1)
            try client.send(text: "{\"type\":\"ping\"}")
            return (answers, reconnected, object(try client.receiveText())["type"] as? String)
        }
        #expect(answers == ["pong", "pong", "pong", "error", "error", "error"])
        #expect(Self.errors([reconnected]) == [VisitorTexts.of(.en).slowDown])
        #expect(later == "pong")
    }

    @Test func reconnectsOfOneClientIDAreLimitedApartFromTheAddressCeiling() async throws {
        var options = HubHarness.testOptions
        options.connectionsPerMinute = 2
        options.ipConnectionsPerMinute = 5
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let responses = try await offPool {
            func upgrade(_ path: String, from address: String? = nil) throws -> TestHTTPResponse {
                try TestWebSocketClient(port: port).upgrade(path: path, headers: Self.forwarded(address))
            }
            let clientID = try Self.contactVisitor(port: port, from: nil).clientID
            let reconnect = "/contact?client_id=\(clientID)"
            // Two reconnects of the id, then its own budget is spent (the address's is not).
            var responses = try [upgrade(reconnect), upgrade(reconnect), upgrade(reconnect)]
            // Both dialects share the address's ceiling: 5 new sockets, 3 of them used above.
            responses += try [
                upgrade("/api/v1/pipelines/p/ws/connect"), upgrade("/contact"), upgrade("/contact"),
                upgrade("/api/v1/pipelines/p/ws/connect"),
            ]
            // The client a trusted proxy names has its own ceiling, and an address written
            // by the client to the left proves nothing.
            responses += try [
                upgrade("/contact", from: "203.0.113.7"), upgrade("/contact", from: "127.0.0.1, 203.0.113.8"),
            ]
            return responses
        }
        #expect(responses.map(\.status) == [101, 101, 429, 101, 101, 429, 429, 101, 101])
        #expect(responses[2].bodyText.contains("client_id"))
        #expect(responses[5].bodyText.contains("your address"))
    }

    // MARK: Per address: a ceiling that still stops a flood

    @Test func theAddressCeilingStopsAFloodOfNewSocketsBeyondTheDefaults() async throws {
        let harness = try await HubHarness(options: HubHarness.shippedLimits)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let started = Date()
        let statuses = try await offPool {
            // Each socket is closed as soon as it is answered: only the rate counts.
            try (0..<400).map { _ in
                try TestWebSocketClient(port: port).upgrade(path: "/contact", headers: Self.forwarded("192.0.2.9"))
                    .status
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        // At least 300 a minute at once (the contract's floor), then about 5 a second.
        #expect(Array(statuses.prefix(300)) == Array(repeating: 101, count: 300))
        #expect(statuses.filter { $0 == 101 }.count <= 300 + Int(elapsed * 5) + 1)
        #expect(statuses.last == 429)
        #expect(Set(statuses) == [101, 429])
    }

    @Test func theAddressCeilingStopsAFloodOfMessagesFromManyVisitorsBeyondTheDefaults() async throws {
        let harness = try await HubHarness(options: HubHarness.shippedLimits)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let started = Date()
        let frames = try await offPool {
            // 100 visitors each within its own budget (5), 500 messages in a burst together.
            let visitors = try (0..<100).map { _ in try Self.contactVisitor(port: port, from: "192.0.2.10").client }
            for client in visitors {
                for _ in 0..<5 { try client.send(text: "{\"type\":\"ping\"}") }
            }
            return try visitors.flatMap { client in try (0..<5).map { _ in try client.receiveText() } }
        }
        let elapsed = Date().timeIntervalSince(started)
        let pongs = frames.filter { object($0)["type"] as? String == "pong" }.count
        // The burst the ceiling holds (50 a second, five seconds' worth), then its rate.
        #expect(pongs >= 250)
        #expect(pongs <= 250 + Int(elapsed * 50) + 1)
        #expect(Set(Self.errors(frames)) == [VisitorTexts.of(.en).addressBusy])
        // The address's REST calls have a budget of their own.
        let status = try await harness.rest(
            "GET", "/api/v1/pipelines/p/ws/connections", headers: Self.forwarded("192.0.2.10")
        ).status
        #expect(status == 200)
    }

    @Test func restCallsHaveACeilingOfTheirOwnThatVisitorMessagesDoNotSpend() async throws {
        var options = HubHarness.testOptions
        options.ipMessagesPerSecond = 1
        // A ceiling of 2 REST calls refilled at 1 a second (burst 2 s): five calls in a row
        // meet it unless they take over 3 s (2 calls a second refilled in a 1 s burst did not
        // when the machine was loaded).
        options.ipRequestsPerSecond = 1
        options.ipBurst = .seconds(2)
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let port = harness.port
        let answers = try await offPool {
            let client = try Self.contactVisitor(port: port, from: nil).client
            for _ in 0..<4 { try client.send(text: "{\"type\":\"ping\"}") }
            return try (0..<4).map { _ in try client.receiveText() }
        }
        #expect(answers.map { object($0)["type"] as? String ?? "" } == ["pong", "pong", "error", "error"])
        #expect(Set(Self.errors(answers)) == [VisitorTexts.of(.en).addressBusy])
        var statuses: [Int] = []
        for _ in 0..<5 where !statuses.contains(429) {
            statuses.append(try await harness.rest("GET", "/api/v1/pipelines/p/ws/connections").status)
        }
        #expect(Array(statuses.prefix(2)) == [200, 200], "\(statuses)")
        #expect(statuses.last == 429, "\(statuses)")
    }
}
