import TestSupport
import Domain
import Foundation
import TelegramOutbox
import Testing

@testable import OperatorRelay

/// Topic mode: one forum topic per user chat in a forum operator chat.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct TopicTests {
    static let chat = RelayHarness.operatorChatID
    static let olga = RelayHarness.operatorUser

    @Test func eachUserGetsATopicWithEverythingInItAndOperatorsWriteWithoutFormat() async throws {
        let world = try await RelayHarness(forum: true)
        defer { Task { await world.stop() } }
        let ann = DoubleUserSampleForum.ann
        world.double.userWrites("/operator", chatID: 801, user: ann)
        let handoff = try #require(await world.operatorMessage(containing: "Message from user 801 (Ann)"))
        let topics = world.double.createdTopics(in: Self.chat)
        #expect(topics.map(\.name) == ["Ann · 801"])
        let thread = try #require(topics.first?.threadID)
        #expect(handoff.messageThreadID == thread)
        world.double.userWrites("It still fails", chatID: 801, user: ann)
        #expect(await world.operatorMessage(containing: "It still fails")?.messageThreadID == thread)
        world.double.userWrites("Which version do you run?", chatID: Self.chat, user: Self.olga, inThread: thread)
        #expect(
            await world.double.waitForMessages(to: 801, count: 2).last?.text
                == "Operator reply: Which version do you run?")
        // Commands in the topic need no chat id.
        world.double.userWrites("/ban", chatID: Self.chat, user: Self.olga, inThread: thread)
        let banned = try #require(await world.operatorMessage(containing: "User 801 is banned"))
        #expect(banned.messageThreadID == thread)
        #expect(world.double.createdTopics(in: Self.chat).count == 1)
    }

    @Test func twoFirstMessagesAtOnceOnTwoRelaysMakeOneTopic() async throws {
        let world = try await RelayHarness(forum: true)
        defer { Task { await world.stop() } }
        try await world.startRelay("b")
        try await world.userInOperatorMode(802, firstName: "Bea")
        let inbox = RelayInbox(redis: world.redis, key: world.keys.relayInbox)
        for index in 1...8 {
            try await inbox.enqueue(
                RelayItem(
                    id: "test:\(index)", kind: .userMessage, chatID: "802", user: ChatUser(id: "802", firstName: "Bea"),
                    text: "burst \(index)"))
            // Spaced a little, so both relays' blocked reads get some of them.
            try await Task.sleep(for: .milliseconds(3))
        }
        #expect(await eventually { world.operatorMessages.filter { $0.text.contains("burst") }.count == 8 })
        let topics = world.double.createdTopics(in: Self.chat)
        #expect(topics.count == 1)
        let burst = world.operatorMessages.filter { $0.text.contains("burst") }
        #expect(burst.allSatisfy { $0.messageThreadID == topics.first?.threadID })
        for relay in ["a", "b"] {
            let metrics = try await httpGet(port: world.relayPort(relay), "/metrics").body
            #expect(counter("relay_forwarded_total", in: metrics) > 0, "relay \(relay) forwarded nothing")
        }
    }

    @Test func manySimultaneousFirstPostsWaitForTheOneTopic() async throws {
        let world = try await RelayHarness(forum: true)
        defer { Task { await world.stop() } }
        var options = RelayOptions(port: 0)
        options.keys = world.keys
        let topics = ForumTopics(
            redis: world.redis, keys: world.keys, operatorChatID: Self.chat,
            outbox: TelegramOutbox(redis: world.redis, key: world.keys.outbox), options: options)
        let placements = try await withThrowingTaskGroup(of: Placement.self) { group in
            for _ in 0..<10 { group.addTask { try await topics.placement(for: "805", name: "Eli") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let created = world.double.createdTopics(in: Self.chat)
        #expect(created.count == 1)
        #expect(Set(placements) == [.topic(threadID: try #require(created.first?.threadID), generation: 0)])
    }

    @Test func aDeletedTopicIsRecreatedOnTheNextMessage() async throws {
        let world = try await RelayHarness(forum: true)
        defer { Task { await world.stop() } }
        let ann = DoubleUserSampleForum.cal
        try await world.userInOperatorMode(803, firstName: "Cal")
        world.double.userWrites("before", chatID: 803, user: ann)
        let first = try #require(await world.operatorMessage(containing: "before")?.messageThreadID)
        world.double.deleteTopic(first, in: Self.chat)
        world.double.userWrites("after", chatID: 803, user: ann)
        let second = try #require(await world.operatorMessage(containing: "after")?.messageThreadID)
        #expect(second != first)
        #expect(world.double.liveTopics(in: Self.chat).map(\.threadID) == [second])
        // The new topic answers to the same user; the old thread answers to nobody.
        world.double.userWrites("Found you again", chatID: Self.chat, user: Self.olga, inThread: second)
        #expect(await world.double.waitForMessages(to: 803, count: 1).first?.text == "Operator reply: Found you again")
    }

    @Test func aGroupWithoutTopicsGetsEverythingInTheChatItself() async throws {
        let world = try await RelayHarness(forum: false)
        defer { Task { await world.stop() } }
        try await world.userInOperatorMode(804, firstName: "Dee")
        world.double.userWrites("plain group", chatID: 804, user: DoubleUserSampleForum.dee)
        let forwarded = try #require(await world.operatorMessage(containing: "plain group"))
        #expect(forwarded.messageThreadID == nil)
        world.double.userWrites("second", chatID: 804, user: DoubleUserSampleForum.dee)
        #expect(await world.operatorMessage(containing: "second")?.messageThreadID == nil)
        #expect(world.double.createdTopics(in: Self.chat).isEmpty)
    }
}
