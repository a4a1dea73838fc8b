import Foundation
import TelegramDouble
import TelegramOutbox
import Testing

@testable import TelegramGateway

/// CONTRACT §4's numbers as shipped, not only the scaled values other tests set: Telegram's
/// flood limits (30 messages a second overall, 1 a second per chat, 20 a minute per group)
/// against the double's real limits, and the one retry of a timed-out ingest call after 5 s.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ShippedDefaultsTests {
    @Test func theShippedDefaultsAreTheContractsNumbers() {
        let limits = SendLimits()
        #expect(limits.globalCount == 30 && limits.globalWindow == .seconds(1))
        #expect(limits.privateCount == 1 && limits.privateWindow == .seconds(1))
        #expect(limits.groupCount == 20 && limits.groupWindow == .seconds(60))
        let options = GatewayOptions(port: 0)
        #expect(options.ingestRetryDelay == .seconds(5))
        #expect(options.ingestTimeout == .seconds(5))
        #expect(options.limits.globalCount == 30)
    }

    /// A harness with the gateway's shipped timings and limits and Telegram's limits in the double.
    private static func shippedWorld() async throws -> GatewayHarness {
        try await GatewayHarness(limits: DoubleLimits()) { options in
            let shipped = GatewayOptions(port: 0)
            options.limits = shipped.limits
            options.ingestRetryDelay = shipped.ingestRetryDelay
            options.ingestTimeout = shipped.ingestTimeout
        }
    }

    @Test func oneChatGetsAtMostOneMessageASecond() async throws {
        let world = try await Self.shippedWorld()
        defer { Task { await world.stop() } }
        for index in 0..<4 {
            try await world.outbox.enqueue(.text(id: "private-\(index)", chatID: 901, text: "n\(index)"))
        }
        let sent = await world.double.waitForMessages(to: 901, count: 4, timeout: .seconds(15))
        #expect(sent.map(\.text) == ["n0", "n1", "n2", "n3"])
        for (earlier, later) in zip(sent, sent.dropFirst()) {
            #expect(later.time - earlier.time >= .seconds(1))
        }
        #expect(world.double.violations.isEmpty)
    }

    @Test func aGroupGetsTwentyMessagesAMinuteAndNoMore() async throws {
        let world = try await Self.shippedWorld()
        defer { Task { await world.stop() } }
        let group: Int64 = -1_009_001
        for index in 0..<24 {
            try await world.outbox.enqueue(.text(id: "group-\(index)", chatID: group, text: "g\(index)"))
        }
        // Twenty go out within seconds (the global 30/s does not bind)…
        let first = await world.double.waitForMessages(to: group, count: 20, timeout: .seconds(15))
        #expect(first.count == 20)
        // …and the rest wait for the minute: none of them comes in the next seconds.
        try await Task.sleep(for: .seconds(5))
        #expect(world.double.messages(to: group).count == 20)
        #expect(world.double.violations.isEmpty)
    }

    @Test func thirtyMessagesASecondAcrossChats() async throws {
        let world = try await Self.shippedWorld()
        defer { Task { await world.stop() } }
        let chats = (0..<45).map { Int64(9_100 + $0) }
        for chat in chats {
            try await world.outbox.enqueue(.text(id: "global-\(chat)", chatID: chat, text: "hello \(chat)"))
        }
        let deadline = ContinuousClock.now + .seconds(15)
        while world.double.sentMessages.count < chats.count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let times = world.double.sentMessages.map(\.time).sorted()
        #expect(times.count == chats.count)
        // Never more than 30 within one second, so 45 take more than one second.
        for (index, time) in times.enumerated() where index >= 30 {
            #expect(time - times[index - 30] >= .seconds(1))
        }
        #expect(world.double.violations.isEmpty)
    }

    @Test func aHungIngestAPIIsRetriedOnceAfterFiveSecondsThenTheUserIsTold() async throws {
        let world = try await Self.shippedWorld()
        defer { Task { await world.stop() } }
        world.ingest.queue(.slow(.seconds(60)), .slow(.seconds(60)))
        let start = ContinuousClock.now
        world.double.userWrites("is anyone there?", chatID: 902)
        let sent = await world.double.waitForMessages(to: 902, count: 1, timeout: .seconds(40))
        #expect(sent.map(\.text) == ["Connection error, please try again later"])
        // A 5 s time-out, the 5 s pause, a second 5 s time-out: not before 15 s.
        #expect(ContinuousClock.now - start >= .seconds(15))
        #expect(world.ingest.ingested.withLock { $0.count } == 2)
    }
}
