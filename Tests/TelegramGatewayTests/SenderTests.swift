import TestSupport
import Foundation
import Redis
import TelegramDouble
import TelegramOutbox
import Testing

@testable import TelegramGateway

/// The one sender: limits across chats, 429, retries, splitting, markup fallback, blocked
/// users, take-over and receipts (CONTRACT §4).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct SenderTests {
    @Test func a429DelaysOnlyThatChat() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.inject(.tooManyRequests(retryAfter: 1), chatID: 801)
        let start = ContinuousClock.now
        try await world.outbox.enqueue(.text(id: "a1", chatID: 801, text: "to the limited chat"))
        try await world.outbox.enqueue(.text(id: "a2", chatID: 801, text: "second to the limited chat"))
        try await world.outbox.enqueue(.text(id: "b1", chatID: 802, text: "to another chat"))
        let other = await world.double.waitForMessages(to: 802, count: 1)
        let limited = await world.double.waitForMessages(to: 801, count: 2)
        #expect(other.count == 1 && limited.count == 2)
        // The other chat is not held back by the limited one's pause (compared with each
        // other rather than with wall-clock budgets, which a loaded machine would break).
        let otherTime = try #require(other.first?.time)
        let limitedTime = try #require(limited.first?.time)
        #expect(otherTime < limitedTime)
        #expect(limitedTime - start >= .seconds(1))
        #expect(limited.map(\.text) == ["to the limited chat", "second to the limited chat"])
        #expect(world.double.violations.isEmpty)
    }

    @Test func theLimitsAreKeptForABurstAcrossManyChats() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        let group: Int64 = -1_001_234
        for index in 0..<50 {
            try await world.outbox.enqueue(.text(id: "burst-\(index)", chatID: 803, text: "n\(index)"))
        }
        for chat in Int64(900)..<940 {
            try await world.outbox.enqueue(.text(id: "wide-\(chat)", chatID: chat, text: "hi"))
        }
        for index in 0..<12 {
            try await world.outbox.enqueue(.text(id: "group-\(index)", chatID: group, text: "g\(index)"))
        }
        let burst = await world.double.waitForMessages(to: 803, count: 50, timeout: .seconds(20))
        #expect(await eventually(timeout: .seconds(10)) { world.double.sentMessages.count == 102 })
        #expect(world.double.violations.isEmpty)
        #expect(burst.map(\.text) == (0..<50).map { "n\($0)" })
        for (earlier, later) in zip(burst, burst.dropFirst()) {
            #expect(later.time - earlier.time >= .milliseconds(100))
        }
        let groupTimes = world.double.messages(to: group).map(\.time)
        for (index, time) in groupTimes.enumerated().dropFirst(5) {
            #expect(time - groupTimes[index - 5] >= .milliseconds(500))
        }
        let all = world.double.sentMessages.map(\.time).sorted()
        for (index, time) in all.enumerated().dropFirst(30) { #expect(time - all[index - 30] >= .seconds(1)) }
    }

    @Test func aSlowSendDoesNotLetTheNextOneToTheChatArriveTooSoon() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        // The first send reaches Telegram most of a window late; the next one, booked a
        // window after the first, must still not arrive within a window of it.
        world.double.delayArrival(by: .milliseconds(120), chatID: 804)
        try await world.outbox.enqueue(.text(id: "slow-1", chatID: 804, text: "slow"))
        try await world.outbox.enqueue(.text(id: "slow-2", chatID: 804, text: "next"))
        let sent = await world.double.waitForMessages(to: 804, count: 2)
        #expect(sent.map(\.text) == ["slow", "next"])
        #expect(world.double.violations.isEmpty, "\(world.double.violations)")
    }

    @Test func aLongTextIsSplitIntoPartsThatFit() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        let line = String(repeating: "word ", count: 19) + "ends\n"
        let text = String(repeating: line, count: 100)
        #expect(text.count == 10_000)
        try await world.outbox.enqueue(.text(id: "long", chatID: 804, text: text))
        let parts = await world.double.waitForMessages(to: 804, count: 3)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { $0.text.utf16.count <= 4096 })
        #expect(parts.map(\.text).joined() == text)
        #expect(parts.dropLast().allSatisfy { $0.text.hasSuffix("\n") })
    }

    @Test func refusedMarkupIsResentAsPlainText() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.inject(.cantParseEntities, chatID: 805)
        try await world.outbox.enqueue(
            .text(id: "markup", chatID: 805, text: "Use &lt;b&gt; &amp; friends", isHTML: true))
        let sent = await world.double.waitForMessages(to: 805, count: 1)
        #expect(sent.first?.parseMode == nil)
        #expect(sent.first?.text == "Use <b> & friends")
    }

    @Test func aBlockedUserIsMarkedAndReportedOnce() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.inject(.blockedByUser, chatID: 806, times: 2)
        let receipts = "\(world.options.keys.prefix)receipts"
        var first = SendRequest.text(id: "blocked-1", chatID: 806, text: "hello?")
        first.receiptStream = receipts
        try await world.outbox.enqueue(first)
        try await world.outbox.enqueue(.text(id: "blocked-2", chatID: 806, text: "still there?"))
        let blocked = BlockedChats(redis: world.redis, key: world.options.keys.blockedChats)
        #expect(await eventually { (try? await blocked.contains(806)) == true })
        let receipt = try #require(try await Self.receipts(in: receipts, redis: world.redis).first)
        #expect(receipt.isDelivered == false && receipt.errorCode == 403)
        #expect(await eventually { (try? await world.outbox.stream.length()) == 0 })
        let reports = try await world.relayItems().filter { $0.kind == .chatBlocked }
        #expect(reports.count == 1 && reports.first?.chatID == "806")
        // Writing again unblocks.
        world.double.userWrites("I'm back", chatID: 806)
        #expect(await eventually { (try? await blocked.contains(806)) == false })
    }

    @Test func serverErrorsAndBadGatewaysAreRetriedUntilDelivered() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.inject(.serverError, chatID: 807, times: 2)
        world.double.inject(.badGateway, chatID: 807)
        try await world.outbox.enqueue(.text(id: "retry", chatID: 807, text: "eventually"))
        let sent = await world.double.waitForMessages(to: 807, count: 1)
        #expect(sent.map(\.text) == ["eventually"])
    }

    @Test func aSendLeftByADeadSenderIsTakenOverAndSentOnce() async throws {
        let world = try await GatewayHarness(startGateway: false)
        defer { Task { await world.stop() } }
        try await world.outbox.stream.createGroupIfNeeded()
        try await world.outbox.enqueue(.text(id: "orphan", chatID: 808, text: "not lost"))
        #expect(try await world.outbox.enqueue(.text(id: "orphan", chatID: 808, text: "not lost")) == false)
        #expect(
            try await world.outbox.stream.readNew(consumer: "dead-sender", count: 10, blockMilliseconds: 10).count == 1)
        try await world.start()
        let sent = await world.double.waitForMessages(to: 808, count: 1)
        try await Task.sleep(for: .milliseconds(300))
        #expect(sent.count == 1 && world.double.messages(to: 808).count == 1)
        #expect(await eventually { (try? await world.outbox.stream.pendingCount()) == 0 })
    }

    @Test func receiptsCarryMessageIDsContextAndTopics() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.makeForum(GatewayHarness.operatorChatID)
        let receipts = "\(world.options.keys.prefix)receipts"
        var copy = SendRequest.copy(id: "copy-1", chatID: GatewayHarness.operatorChatID, fromChatID: 809, messageID: 3)
        copy.receiptStream = receipts
        copy.context = ["user_chat": "809"]
        var topic = SendRequest(
            id: "topic-1", method: .createForumTopic, chatID: GatewayHarness.operatorChatID, topicName: "Ann")
        topic.receiptStream = receipts
        try await world.outbox.enqueue(copy)
        try await world.outbox.enqueue(topic)
        #expect(await eventually { ((try? await Self.receipts(in: receipts, redis: world.redis)) ?? []).count == 2 })
        let all = try await Self.receipts(in: receipts, redis: world.redis)
        let copied = try #require(all.first { $0.requestID == "copy-1" })
        #expect(copied.isDelivered && copied.messageIDs.count == 1 && copied.context == ["user_chat": "809"])
        #expect(all.first { $0.requestID == "topic-1" }?.messageThreadID != nil)
        let recorded = world.double.messages(to: GatewayHarness.operatorChatID).first
        #expect(recorded?.method == "copyMessage" && recorded?.fromChatID == 809 && recorded?.sourceMessageID == 3)
    }

    /// The receipts written to `stream`.
    static func receipts(in stream: String, redis: RedisClient) async throws -> [SendReceipt] {
        let reply = try await redis.send("XRANGE", RedisArgument(stream), "-", "+")
        return (reply.arrayValue ?? []).compactMap { entry in
            guard let fields = entry.arrayValue?.last?.arrayValue, let body = fields.last?.bytes else { return nil }
            return try? JSONDecoder().decode(SendReceipt.self, from: Data(body))
        }
    }
}
