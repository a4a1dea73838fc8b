import DeskProtocol
import TestSupport
import Domain
import Events
import Foundation
import Redis
import Synchronization
import Testing

@testable import OperatorRelay

/// Replies from the dashboard, and web visitors answered through their channel (CONTRACT §6).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct DashboardTests {
    @Test func aDashboardReplyReachesATelegramUserAndIsStored() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.dashboardReply("Your account is unlocked", to: "721")
        #expect(
            await world.double.waitForMessages(to: 721, count: 1).first?.text
                == "Operator reply: Your account is unlocked")
        #expect(await eventually { world.desk.operatorAnswers(in: "721") == ["Your account is unlocked"] })
        #expect(
            await eventually {
                (try? await world.redis.send("XLEN", RedisArgument(world.keys.dashboardReplies)).integerValue) == 0
            })
    }

    @Test func aDashboardReplyReachesAWebVisitorThroughItsChannel() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let received = try await VisitorListener(world: world, chatID: "web-c1")
        defer { received.stop() }
        try await world.dashboardReply("Hello from the desk", to: "web-c1")
        #expect(await eventually { received.replies.map(\.text) == ["Operator reply: Hello from the desk"] })
        #expect(received.replies.first?.sender == "operator")
        #expect(await eventually { world.desk.operatorAnswers(in: "web-c1") == ["Hello from the desk"] })
    }

    @Test func withoutATokenDashboardRepliesStillReachWebVisitors() async throws {
        let world = try await RelayHarness(startRelay: false)
        defer { Task { await world.stop() } }
        try await world.startRelay(changing: ["TELEGRAM_TOKEN": ""])
        let received = try await VisitorListener(world: world, chatID: "web-c2")
        defer { received.stop() }
        try await world.dashboardReply("Still here", to: "web-c2")
        #expect(await eventually { received.replies.map(\.text) == ["Operator reply: Still here"] })
        let ready = try await httpGet(port: world.relayPort(), "/readyz")
        #expect(ready.status == 200)
    }

    @Test func aTelegramOperatorAnswersAWebVisitor() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let received = try await VisitorListener(world: world, chatID: "web-c3")
        defer { received.stop() }
        try await world.setMode("operator", of: "web-c3")
        try await world.events.publish(
            type: "message",
            data: ChatMessage(
                id: 1, chatID: "web-c3", direction: .incoming, sender: .user, text: "Need help",
                createdAt: "2026-01-01T00:00:00Z"))
        let forwarded = try #require(await world.operatorMessage(containing: "Need help"))
        world.double.userWrites(
            "On my way", chatID: RelayHarness.operatorChatID, user: RelayHarness.operatorUser,
            replyTo: forwarded.messageID)
        #expect(await eventually { received.replies.map(\.text) == ["Operator reply: On my way"] })
        world.double.userSendsPhoto(
            chatID: RelayHarness.operatorChatID, user: RelayHarness.operatorUser,
            replyTo: forwarded.messageID)
        #expect(await world.operatorMessage(containing: "Web visitors get text only") != nil)
    }

    @Test func twoRelaysDeliverEachChatsDashboardRepliesInTheOrderTheyWereWritten() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.startRelay("b")
        // Uneven handling times: without lanes across instances, one relay overtakes the other.
        world.desk.storeDelay.withLock { $0 = 15 }
        let chats = ["web-o1", "web-o2", "web-o3"]
        var listeners: [String: VisitorListener] = [:]
        for chat in chats { listeners[chat] = try await VisitorListener(world: world, chatID: chat) }
        defer { for listener in listeners.values { listener.stop() } }
        let count = 60
        for n in 0..<count {
            try await world.dashboardReply("reply \(n)", to: chats[n % chats.count])
            if n % 4 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(
            await eventually(timeout: .seconds(30)) {
                chats.allSatisfy { world.desk.operatorAnswers(in: $0).count == count / chats.count }
            })
        for (index, chat) in chats.enumerated() {
            let written = stride(from: index, to: count, by: chats.count).map { "reply \($0)" }
            #expect(world.desk.operatorAnswers(in: chat) == written, "stored for \(chat)")
            #expect(listeners[chat]?.replies.map(\.text) == written.map { "Operator reply: \($0)" }, "seen by \(chat)")
        }
        // Both relays delivered some, and the lanes are empty again.
        for name in ["a", "b"] {
            let metrics = try await httpGet(port: world.relayPort(name), "/metrics").body
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("relay_answers_total ") }
            #expect((line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) > 0, "relay \(name)")
        }
        #expect(
            try await world.redis.send("EXISTS", RedisArgument(world.keys.dashboardReplies + ":lane:web-o1"))
                .integerValue == 0)
    }

    @Test func readinessFollowsRedis() async throws {
        let world = try await RelayHarness(startRelay: false)
        defer { Task { await world.stop() } }
        try await world.startRelay()
        #expect(try await httpGet(port: world.relayPort(), "/readyz").status == 200)
        try await world.startRelay("dead", changing: ["REDIS_URL": "redis://127.0.0.1:1/0", "TELEGRAM_TOKEN": ""])
        let answer = try await httpGet(port: world.relayPort("dead"), "/readyz")
        #expect(answer.status == 503 && answer.body.contains("redis"))
    }
}

/// Listens on a web visitor's reply channel as notify-hub does.
final class VisitorListener: Sendable {
    /// The subscriber.
    private let subscriber: RedisSubscriber
    /// What arrived.
    private let received = Mutex<[VisitorReply]>([])

    /// Subscribes to `chatID`'s channel.
    init(world: RelayHarness, chatID: String) async throws {
        subscriber = try RedisSubscriber(url: try RedisURL(testRedisURL ?? ""))
        try await subscriber.subscribe([world.visitors.channel(for: chatID)]) { [self] _, payload in
            if let reply = VisitorReply.decode(payload) { self.received.withLock { $0.append(reply) } }
        }
    }

    /// The replies so far.
    var replies: [VisitorReply] { received.withLock { $0 } }

    /// Stops listening.
    func stop() { subscriber.stop() }
}
