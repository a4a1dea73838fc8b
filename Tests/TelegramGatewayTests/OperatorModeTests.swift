import TestSupport
import Catalog
import Foundation
import Redis
import Testing

@testable import TelegramGateway

/// Mode switching, operator-mode hand-off, the operator chat, edits and callbacks (CONTRACT §4).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct OperatorModeTests {
    @Test func theButtonTogglesOperatorModeAndBackWithTheTexts() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("Connect/disconnect operator", chatID: 601, user: .init(id: 601, firstName: "Ann"))
        var sent = await world.double.waitForMessages(to: 601, count: 1)
        #expect(sent.last?.text == "Operator connected to the dialog")
        #expect(try await world.mode(of: 601) == "operator")
        world.double.userWrites("/operator", chatID: 601)
        sent = await world.double.waitForMessages(to: 601, count: 2)
        #expect(sent.last?.text == "Operator disconnected from the dialog")
        #expect(try await world.mode(of: 601) == "bot")
        let changes = try await world.relayItems().filter { $0.kind == .modeChanged }
        #expect(changes.map(\.mode) == [.operator, .bot])
        #expect(changes.first?.user?.firstName == "Ann")
    }

    @Test func aModeChangeIsPublishedAsAnEvent() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("/operator", chatID: 602)
        _ = await world.double.waitForMessages(to: 602, count: 1)
        let log = try await world.redis.send("XRANGE", RedisArgument(world.settings.eventsChannel + ":log"), "-", "+")
        let event = log.arrayValue?.first?.arrayValue?[1].arrayValue?[1].text ?? ""
        #expect(event.contains("\"type\":\"mode_changed\""))
        #expect(event.contains("\"chat_id\":\"602\"") && event.contains("\"mode\":\"operator\""))
    }

    @Test func operatorModeMessagesAreStoredAndHandedToTheRelay() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        try await world.redis.set("\(world.options.keys.chatMode)603", to: "operator")
        world.double.userWrites("I need a human", chatID: 603, user: .init(id: 603, firstName: "Bob", username: "bob"))
        world.double.userSendsPhoto(chatID: 603, caption: "the error")
        #expect(await eventually { (try? await world.relayItems().count) == 2 })
        let items = try await world.relayItems()
        #expect(items[0].kind == .userMessage && items[0].text == "I need a human" && items[0].chatID == "603")
        #expect(items[0].user?.username == "bob")
        #expect(items[1].mediaKind == "photo" && items[1].messageID != nil)
        #expect(await eventually { world.ingest.stored.withLock { $0.count } == 2 })
        let stored = world.ingest.stored.withLock { $0 }
        #expect(stored.map(\.message.text) == ["I need a human", "[photo] the error"])
        #expect(
            stored.allSatisfy { $0.chatID == "603" && $0.message.sender == .user && $0.message.direction == .incoming })
        #expect(world.ingest.ingested.withLock { $0.isEmpty })
        #expect(world.double.messages(to: 603).isEmpty)
    }

    @Test func messagesFromTheOperatorChatGoToTheRelay() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        let operatorChat = GatewayHarness.operatorChatID
        world.double.userWrites(
            "603: hello there", chatID: operatorChat, user: .init(id: 77, firstName: "Op"), replyTo: 12)
        #expect(await eventually { (try? await world.relayItems().count) == 1 })
        let item = try #require(try await world.relayItems().first)
        #expect(item.kind == .operatorMessage && item.chatID == String(operatorChat))
        #expect(item.text == "603: hello there" && item.replyToMessageID == 12 && item.user?.id == "77")
        #expect(world.ingest.ingested.withLock { $0.isEmpty })
    }

    @Test func anEditedMessageIsStoredAsANewVersionAndShownToOperators() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        try await world.redis.set("\(world.options.keys.chatMode)604", to: "operator")
        world.double.userWrites("frist version", chatID: 604)
        #expect(await eventually { world.ingest.stored.withLock { $0.count } == 1 })
        let original = try #require(try await world.relayItems().first?.messageID)
        world.double.userEdits(messageID: original, to: "first version", chatID: 604)
        #expect(await eventually { world.ingest.stored.withLock { $0.count } == 2 })
        #expect(world.ingest.stored.withLock { $0.map(\.message.text) } == ["frist version", "(edited) first version"])
        #expect(await eventually { (try? await world.relayItems().count) == 2 })
        let edit = try #require(try await world.relayItems().last)
        #expect(edit.kind == .editedMessage && edit.text == "first version" && edit.messageID == original)
    }

    @Test func callbackQueriesAreAlwaysAnswered() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        let unknown = world.double.userPresses(data: "something-old", chatID: 605)
        let toggle = world.double.userPresses(data: ModeSwitch.toggleCallbackData, chatID: 605)
        #expect(await eventually { world.double.answeredCallbacks.count == 2 })
        #expect(world.double.answeredCallbacks == [unknown.query, toggle.query])
        #expect(await eventually { (try? await world.mode(of: 605)) == "operator" })
    }

    @Test func unknownUpdateKindsAreSkippedWithoutHarm() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.enqueueUpdate(fields: "\"my_chat_member\":{\"chat\":{\"id\":606,\"type\":\"private\"}}")
        world.double.enqueueUpdate(fields: "\"message\":{\"message_id\":\"not a number\"}")
        world.double.userWrites("still here?", chatID: 606)
        let sent = await world.double.waitForMessages(to: 606, count: 1)
        #expect(sent.first?.text.hasPrefix("🤖 Automatic answer:") == true)
    }
}
