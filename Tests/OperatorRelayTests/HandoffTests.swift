import TestSupport
import Foundation
import IngestClient
import Testing

@testable import OperatorRelay

/// A chat taken over by operators and its messages reaching them (CONTRACT §4).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct HandoffTests {
    @Test func switchingToOperatorPostsTheHandoffWithTheHistoryOnce() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.seed("701", [(.user, "My VPN <fails>"), (.bot, "Try restarting it")])
        world.double.userWrites("/operator", chatID: 701, user: .init(id: 701, firstName: "Ann", lastName: "Lee"))
        let handoff = try #require(await world.operatorMessage(containing: "Message from user 701 (Ann Lee)"))
        #expect(
            handoff.text
                == "Message from user 701 (Ann Lee)\n\nUser: My VPN <fails>\nBot: Try restarting it\n\n"
                + "Reply in the format chat_id: answer")
        #expect(handoff.parseMode == "HTML" && handoff.rawText.contains("&lt;fails&gt;"))
        // The gateway's hand-over and the mode_changed event both announce the switch: one post.
        try await Task.sleep(for: .milliseconds(1500))
        #expect(world.operatorMessages.filter { $0.text.hasPrefix("Message from user 701") }.count == 1)
    }

    @Test func operatorModeMessagesAreForwardedWithTheUserTextEscaped() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("/operator", chatID: 702, user: .init(id: 702, firstName: "Bob"))
        _ = await world.operatorMessage(containing: "Message from user 702 (Bob)")
        world.double.userWrites("<b>help</b> & thanks", chatID: 702, user: .init(id: 702, firstName: "Bob"))
        let forwarded = try #require(await world.operatorMessage(containing: "help</b>"))
        #expect(forwarded.text == "Message from user 702 (Bob):\n<b>help</b> & thanks")
        #expect(forwarded.rawText.hasSuffix("&lt;b&gt;help&lt;/b&gt; &amp; thanks"))
        #expect(world.double.violations.isEmpty)
    }

    @Test func anEditIsForwardedMarkedEdited() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.userInOperatorMode(703, firstName: "Cy")
        let messageID = world.double.userWrites("first", chatID: 703, user: .init(id: 703, firstName: "Cy"))
        _ = await world.operatorMessage(containing: "first")
        world.double.userEdits(messageID: messageID, to: "second", chatID: 703, user: .init(id: 703, firstName: "Cy"))
        #expect(
            await world.operatorMessage(containing: "(edited) second")?.text
                == "Message from user 703 (Cy):\n(edited) second")
    }

    @Test func aDashboardTakeOverOfAWebChatPostsTheHandoffOnce() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.seed("web-abc", [(.user, "Where is my order?")])
        try await world.publishNewSession(userID: "web-abc", firstName: "Dana", message: "Contact me")
        let ingest = IngestClient(baseURL: try #require(URL(string: world.desk.url)), adminToken: RelayHarness.adminToken)
        try await ingest.setMode(.operator, of: "web-abc")
        let found = await world.operatorMessage(containing: "Message from user web-abc (Dana)")
        let handoff = try #require(found)
        #expect(handoff.text.hasSuffix("User: Where is my order?\n\nReply in the format chat_id: answer"))
        try await Task.sleep(for: .milliseconds(800))
        #expect(world.operatorMessages.filter { $0.text.hasPrefix("Message from user web-abc") }.count == 1)
    }

    @Test func aWebVisitorsMessagesInOperatorModeReachTheOperators() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.setMode("operator", of: "web-v1")
        let ingest = IngestClient(baseURL: try #require(URL(string: world.desk.url)), adminToken: RelayHarness.adminToken)
        try await ingest.storeMessage(
            .init(text: "Is anyone there?", sender: .user, direction: .incoming), in: "web-v1")
        let forwarded = try #require(await world.operatorMessage(containing: "Is anyone there?"))
        #expect(forwarded.text == "Message from user web-v1 (web visitor):\nIs anyone there?")
        // In bot mode the bot answers; nothing goes to the operators.
        try await world.setMode("bot", of: "web-v2")
        try await ingest.storeMessage(.init(text: "Bot please", sender: .user, direction: .incoming), in: "web-v2")
        try await Task.sleep(for: .milliseconds(500))
        #expect(!world.operatorMessages.contains { $0.text.contains("Bot please") })
    }

    @Test func aSwitchBackToTheBotLetsTheNextSwitchPostAgain() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let user = DoubleUserSample.eve
        world.double.userWrites("/operator", chatID: 704, user: user)
        _ = await world.operatorMessage(containing: "Message from user 704")
        world.double.userWrites("/operator", chatID: 704, user: user)
        _ = await world.double.waitForMessages(to: 704, count: 2)
        world.double.userWrites("/operator", chatID: 704, user: user)
        #expect(
            await eventually {
                world.operatorMessages.filter { $0.text.hasPrefix("Message from user 704 (Eve)") }.count == 2
            })
    }
}
