import TestSupport
import Foundation
import TelegramDouble
import Testing

@testable import OperatorRelay

/// Admins answer where they are alerted (issue 14, finding 4): in their private chat with
/// the bot, a reply to an escalation alert or "chat_id: answer" answers the user as an
/// operator's answer would; their other messages stay questions to the bot.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct AdminAnswerTests {
    static let ada = DoubleUser(id: RelayHarness.admins[0], firstName: "Ada")
    static let bea = DoubleUser(id: RelayHarness.admins[1], firstName: "Bea")

    @Test func anAdminReplyingToAnAlertInTheirChatAnswersThatUser() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.publishNewSession(userID: "731", firstName: "Cal", message: "The printer is on fire")
        let alert = try #require(await world.double.waitForMessages(to: Self.ada.id, count: 1).first)
        #expect(alert.text.hasSuffix("\n\nChat: 731. Reply to this message, or write '731: answer'."))
        #expect(await world.waitForOrigin(of: alert.messageID, in: Self.ada.id))
        world.double.userWrites("Leave the building", chatID: Self.ada.id, user: Self.ada, replyTo: alert.messageID)
        #expect(
            await world.double.waitForMessages(to: 731, count: 1).first?.text == "Operator reply: Leave the building")
        #expect(await eventually { world.desk.operatorAnswers(in: "731") == ["Leave the building"] })
        // The second admin answers their own copy of the alert the same way.
        let other = try #require(await world.double.waitForMessages(to: Self.bea.id, count: 1).first)
        #expect(await world.waitForOrigin(of: other.messageID, in: Self.bea.id))
        world.double.userWrites("Help is coming", chatID: Self.bea.id, user: Self.bea, replyTo: other.messageID)
        #expect(await world.double.waitForMessages(to: 731, count: 2).last?.text == "Operator reply: Help is coming")
        // Neither reply was taken for a question: no bot answer, nothing stored in the admins' chats.
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.double.messages(to: Self.ada.id).count == 1)
        #expect(world.double.messages(to: Self.bea.id).count == 1)
        #expect(world.desk.stored.withLock { $0.allSatisfy { $0.chatID == "731" } })
        #expect(world.operatorMessages.isEmpty)
    }

    @Test func anAdminWritesChatIDColonAnswerAndGetsTheNoticesInTheirChat() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.publishNewSession(userID: "732", firstName: "Dan", message: "VPN down")
        _ = await world.double.waitForMessages(to: Self.ada.id, count: 1)
        world.double.userWrites("732: Restart the client", chatID: Self.ada.id, user: Self.ada)
        #expect(
            await world.double.waitForMessages(to: 732, count: 1).first?.text == "Operator reply: Restart the client")
        // A chat the desk never saw is refused, and the admin is told in their own chat.
        world.double.userWrites("7399: hello", chatID: Self.ada.id, user: Self.ada)
        let notices = await world.double.waitForMessages(to: Self.ada.id, count: 2)
        #expect(notices.last?.text == "Unknown chat 7399: the desk has no conversation with it. Nothing was sent.")
        #expect(notices.last?.replyToMessageID != nil)
        #expect(world.double.messages(to: 7399).isEmpty)
        // An answer Telegram refuses is reported where the admin wrote it.
        world.double.inject(.chatNotFound, chatID: 732)
        world.double.userWrites("732: second", chatID: Self.ada.id, user: Self.ada)
        let refusal = await world.double.waitForMessages(to: Self.ada.id, count: 3).last
        #expect(refusal?.text == "Not delivered to 732: Telegram refused (400): Bad Request: chat not found")
        #expect(refusal?.replyToMessageID != nil)
        #expect(world.operatorMessages.isEmpty)
        // Anything else an admin writes is a question like anyone's, a reply to the bot's
        // answer (not an alert) included.
        world.double.userWrites("How do I reset my password?", chatID: Self.ada.id, user: Self.ada)
        let answer = try #require(await world.double.waitForMessages(to: Self.ada.id, count: 4).last)
        #expect(answer.text.hasPrefix("🤖 Automatic answer:"))
        world.double.userWrites("Thanks", chatID: Self.ada.id, user: Self.ada, replyTo: answer.messageID)
        #expect(await world.double.waitForMessages(to: Self.ada.id, count: 5).last?.text.hasPrefix("🤖") == true)
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.double.messages(to: 732).count == 1)
        // The refused answer is kept in the history, as an operator's is.
        #expect(world.desk.operatorAnswers(in: "732") == ["Restart the client", "second"])
    }
}
