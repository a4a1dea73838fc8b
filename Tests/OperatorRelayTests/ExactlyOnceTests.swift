import TestSupport
import Domain
import Foundation
import Redis
import TelegramDouble
import TelegramOutbox
import Testing

@testable import OperatorRelay

/// Restarts, crashes and a second instance neither lose nor repeat an alert, a forwarded
/// message or a reply.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ExactlyOnceTests {
    static let admin = RelayHarness.admins[0]

    @Test func twoRelaysSendEachAlertOnce() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.startRelay("b")
        for index in 1...10 {
            try await world.publishNewSession(
                userID: "77\(index)", firstName: "U\(index)", message: "Question \(index)")
        }
        // Each admin is a private chat (1 message/s): wait for every admin's ten, then a
        // moment more, in which a duplicate would show up.
        for admin in RelayHarness.admins {
            #expect(await world.double.waitForMessages(to: admin, count: 10, timeout: .seconds(30)).count == 10)
        }
        try await Task.sleep(for: .milliseconds(1_500))
        for admin in RelayHarness.admins {
            let texts = world.double.messages(to: admin).map(\.text)
            #expect(texts.count == 10)
            #expect(
                texts
                    == (1...10).map {
                        "⚠️ Question needs handling:\n\nFrom: U\($0)\nQuestion: Question \($0)\n\nCurrent answer: I don't know"
                            + "\n\nChat: 77\($0). Reply to this message, or write '77\($0): answer'."
                    })
        }
        // The claims, not the outbox's dedupe, kept them apart: each event handled by one relay.
        var handled = 0.0
        for relay in ["a", "b"] {
            handled += counter(
                "relay_events_handled_total", in: try await httpGet(port: world.relayPort(relay), "/metrics").body)
        }
        #expect(handled == 10)
    }

    @Test func aRestartResumesWithoutLossOrDuplicate() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let joy = DoubleUser(id: 781, firstName: "Joy")
        try await world.userInOperatorMode(781, firstName: "Joy")
        for index in 1...3 { try await world.publishNewSession(userID: "781", firstName: "Joy", message: "Q\(index)") }
        world.double.userWrites("one", chatID: 781, user: joy)
        #expect(await world.double.waitForMessages(to: Self.admin, count: 3).count == 3)
        _ = await world.operatorMessage(containing: "one")
        await world.stopRelay()
        // While the relay is down: more alerts, user messages, a dashboard reply.
        for index in 4...6 { try await world.publishNewSession(userID: "781", firstName: "Joy", message: "Q\(index)") }
        world.double.userWrites("two", chatID: 781, user: joy)
        world.double.userWrites("three", chatID: 781, user: joy)
        try await world.dashboardReply("Back soon", to: "781")
        try await Task.sleep(for: .milliseconds(500))
        #expect(world.double.messages(to: Self.admin).count == 3)
        try await world.startRelay()
        #expect(await world.double.waitForMessages(to: Self.admin, count: 6).count == 6)
        #expect(await eventually { world.operatorMessages.contains { $0.text.hasSuffix("three") } })
        #expect(await world.double.waitForMessages(to: 781, count: 1).count == 1)
        try await Task.sleep(for: .milliseconds(800))
        #expect(
            world.double.messages(to: Self.admin).map(\.text).map { $0.split(separator: "\n")[2] }
                == (1...6).map { "Question: Q\($0)" })
        let forwarded = world.operatorMessages.map(\.text).filter { $0.hasPrefix("Message from user 781 (Joy):") }
        #expect(forwarded.map { $0.split(separator: "\n").last ?? "" } == ["one", "two", "three"])
        #expect(world.double.messages(to: 781).map(\.text) == ["Operator reply: Back soon"])
        #expect(world.desk.operatorAnswers(in: "781") == ["Back soon"])
    }

    @Test func anEventLeftByADeadRelayIsTakenOverOnce() async throws {
        let world = try await RelayHarness(startRelay: false)
        defer { Task { await world.stop() } }
        try await world.startRelay()
        await world.stopRelay()
        let id = try await world.publishNewSession(userID: "782", firstName: "Lee", message: "Stuck")
        // Another instance claimed it and died.
        _ = try await world.redis.send(
            "SET", RedisArgument(world.keys.eventClaim(id)), "lease:relay-ghost:1", "PX", "1500")
        let started = ContinuousClock.now
        try await world.startRelay()
        #expect(await world.double.waitForMessages(to: Self.admin, count: 1).count == 1)
        #expect(ContinuousClock.now - started >= .milliseconds(1000))
        try await Task.sleep(for: .milliseconds(500))
        #expect(world.double.messages(to: Self.admin).count == 1)
    }

    @Test func aMessageLeftPendingByADeadRelayIsTakenOverOnce() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.userInOperatorMode(783, firstName: "Max")
        let inbox = RelayInbox(redis: world.redis, key: world.keys.relayInbox)
        await world.stopRelay()
        try await inbox.enqueue(
            RelayItem(
                id: "test:ghost", kind: .userMessage, chatID: "783", user: ChatUser(id: "783", firstName: "Max"),
                text: "orphan"))
        // A relay read it and died before acknowledging it.
        #expect(try await inbox.stream.readNew(consumer: "relay-ghost", count: 10, blockMilliseconds: 100).count == 1)
        try await world.startRelay()
        #expect(await world.operatorMessage(containing: "orphan") != nil)
        try await Task.sleep(for: .milliseconds(2000))
        #expect(world.operatorMessages.filter { $0.text.contains("orphan") }.count == 1)
        #expect(try await inbox.stream.pendingCount() == 0)
    }
}
