import TestSupport
import Foundation
import IngestClient
import TelegramDouble
import Testing

@testable import OperatorRelay

/// "chat_id: answer" to chats the desk has seen but that have no history yet: a /start and a
/// mode change store no message, yet the operator was told about the chat (issue 14,
/// finding 2). An id typed by hand that the desk never saw is still refused.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct FreshChatTests {
    static let chat = RelayHarness.operatorChatID
    static let olga = RelayHarness.operatorUser

    @Test func anOperatorAnswersAFreshChatByChatIDAfterStartAndTheOperatorButton() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let ann = DoubleUser(id: 721, firstName: "Ann")
        world.double.userWrites("/start", chatID: 721, user: ann)
        _ = await world.double.waitForMessages(to: 721, count: 1)
        world.double.userWrites("Connect/disconnect operator", chatID: 721, user: ann)
        let handoff = try #require(await world.operatorMessage(containing: "Message from user 721 (Ann)"))
        #expect(handoff.text.hasSuffix("(no earlier messages)\n\nReply in the format chat_id: answer"))
        world.double.userWrites("721: hello", chatID: Self.chat, user: Self.olga)
        #expect(
            await eventually { world.double.messages(to: 721).contains { $0.text == "Operator reply: hello" } })
        #expect(await eventually { world.desk.operatorAnswers(in: "721") == ["hello"] })
        #expect(!world.operatorMessages.contains { $0.text.hasPrefix("Unknown chat") })
    }

    @Test func aChatSeenOnlyByStartOrATakeOverIsKnownButAnIDTypedByHandIsNot() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        // Only /start: the gateway saw the chat; nothing reached the relay or the history.
        world.double.userWrites("/start", chatID: 722, user: DoubleUser(id: 722, firstName: "Bo"))
        _ = await world.double.waitForMessages(to: 722, count: 1)
        world.double.userWrites("722: welcome", chatID: Self.chat, user: Self.olga)
        #expect(await world.double.waitForMessages(to: 722, count: 2).last?.text == "Operator reply: welcome")
        // A dashboard take-over (ingest-api's mode API) of a chat that never wrote.
        let ingest = IngestClient(baseURL: try #require(URL(string: world.desk.url)), adminToken: RelayHarness.adminToken)
        try await ingest.setMode(.operator, of: "723")
        _ = await world.operatorMessage(containing: "Message from user 723")
        world.double.userWrites("723: we took over", chatID: Self.chat, user: Self.olga)
        #expect(await world.double.waitForMessages(to: 723, count: 1).first?.text == "Operator reply: we took over")
        // A web visitor's contact request (a `new_session` event, no history).
        try await world.publishNewSession(userID: "web-fresh", firstName: "Vi", message: "Call me")
        _ = await world.double.waitForMessages(to: RelayHarness.admins[0], count: 1)
        world.double.userWrites("web-fresh: calling you now", chatID: Self.chat, user: Self.olga)
        #expect(await eventually { world.desk.operatorAnswers(in: "web-fresh") == ["calling you now"] })
        // Never seen anywhere: refused, nothing sent or stored.
        world.double.userWrites("724: hello", chatID: Self.chat, user: Self.olga)
        let notice = try #require(await world.operatorMessage(containing: "Unknown chat 724"))
        #expect(notice.text == "Unknown chat 724: the desk has no conversation with it. Nothing was sent.")
        #expect(world.double.messages(to: 724).isEmpty)
        #expect(world.desk.operatorAnswers(in: "724").isEmpty)
        #expect(world.desk.operatorAnswers(in: "722") == ["welcome"])
    }
}
