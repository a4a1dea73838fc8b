import TestSupport
import Foundation
import Testing

@testable import OperatorRelay

/// Operators answering from the operator chat: by reply, by "chat_id: answer", and what
/// happens to anything else (CONTRACT §4).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ReplyTests {
    static let chat = RelayHarness.operatorChatID
    static let olga = RelayHarness.operatorUser

    @Test func aReplyToAForwardedMessageAnswersThatUserAndIsStored() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.userInOperatorMode(711, firstName: "Ann")
        world.double.userWrites("My screen is black", chatID: 711, user: .init(id: 711, firstName: "Ann"))
        let forwarded = try #require(await world.operatorMessage(containing: "My screen is black"))
        world.double.userWrites("Press <Ctrl>+R", chatID: Self.chat, user: Self.olga, replyTo: forwarded.messageID)
        let answers = await world.double.waitForMessages(to: 711, count: 1)
        #expect(answers.first?.text == "Operator reply: Press <Ctrl>+R")
        #expect(await eventually { world.desk.operatorAnswers(in: "711") == ["Press <Ctrl>+R"] })
        let stored = world.desk.stored.withLock { $0.last }
        #expect(stored?.message.direction == .outgoing && stored?.message.sender == .operator)
    }

    @Test func aReplyToTheHandoffAnswersThatUserToo() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("/operator", chatID: 712, user: .init(id: 712, firstName: "Ben", languageCode: "ru"))
        let handoff = try #require(await world.operatorMessage(containing: "Message from user 712 (Ben)"))
        world.double.userWrites("Здравствуйте!", chatID: Self.chat, user: Self.olga, replyTo: handoff.messageID)
        // The user switched in Russian: the reply comes in Russian.
        #expect(
            await eventually { world.double.messages(to: 712).contains { $0.text == "Ответ оператора: Здравствуйте!" } }
        )
    }

    @Test func chatIDColonAnswerReachesTheUser() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.seed("713", [(.user, "Hello?")])
        world.double.userWrites("713: We are on it", chatID: Self.chat, user: Self.olga)
        #expect(await world.double.waitForMessages(to: 713, count: 1).first?.text == "Operator reply: We are on it")
        #expect(await eventually { world.desk.operatorAnswers(in: "713") == ["We are on it"] })
    }

    @Test func anythingElseGetsTheInvalidFormatNotice() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("good morning everyone", chatID: Self.chat, user: Self.olga)
        let notice = try #require(await world.operatorMessage(containing: "Invalid format"))
        #expect(notice.text == "Invalid format. Use 'chat_id: message' or reply to a user's message.")
        #expect(notice.replyToMessageID != nil)
        // A service message (a member joined) is no operator message: nothing is said.
        world.double.enqueueUpdate(
            fields: "\"message\":{\"message_id\":900,\"date\":0,\"chat\":{\"id\":\(Self.chat),\"type\":\"supergroup\"},"
                + "\"new_chat_members\":[{\"id\":5,\"is_bot\":false,\"first_name\":\"N\"}]}")
        world.double.userWrites("/start", chatID: Self.chat, user: Self.olga)
        #expect(await eventually { world.operatorMessages.filter { $0.text.hasPrefix("Invalid format") }.count == 2 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.operatorMessages.filter { $0.text.hasPrefix("Invalid format") }.count == 2)
    }

    @Test func badAnswersGetClearNoticesAndNothingIsLost() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.seed("714", [(.user, "Hi")])
        world.double.userWrites("abc: hello", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "'abc' is not a chat id") != nil)
        world.double.userWrites("714:   ", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "The answer is empty: nothing was sent to 714.") != nil)
        world.double.userWrites("999999: hello", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "Unknown chat 999999") != nil)
        world.double.userWrites("714: <script>alert(1)</script> & more", chatID: Self.chat, user: Self.olga)
        let html = await world.double.waitForMessages(to: 714, count: 1)
        #expect(html.first?.text == "Operator reply: <script>alert(1)</script> & more")
        #expect(world.double.messages(to: 999_999).isEmpty)
        #expect(world.desk.operatorAnswers(in: "999999").isEmpty)
    }

    @Test func aLongAnswerIsSplitByTheSenderAndStoredOnce() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.seed("715", [(.user, "Tell me everything")])
        let long = String(repeating: "All about VPN & more. ", count: 455)  // 10,010 characters
        world.double.userWrites("715: " + long, chatID: Self.chat, user: Self.olga)
        let parts = await world.double.waitForMessages(to: 715, count: 3)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { $0.text.count <= 4096 })
        let joined = parts.map(\.text).joined()
        #expect(joined.filter { !$0.isWhitespace } == ("Operator reply: " + long).filter { !$0.isWhitespace })
        #expect(await eventually { world.desk.operatorAnswers(in: "715").count == 1 })
        #expect(world.desk.operatorAnswers(in: "715").first == long)
    }

    @Test func anAnswerTelegramRefusesIsReportedToTheOperator() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.seed("716", [(.user, "Hi")])
        world.double.inject(.serverError, chatID: 716)
        world.double.userWrites("716: first", chatID: Self.chat, user: Self.olga)
        // A 5xx is retried until Telegram takes it; a final refusal is reported.
        #expect(await world.double.waitForMessages(to: 716, count: 1).first?.text == "Operator reply: first")
        world.double.inject(.chatNotFound, chatID: 716)
        world.double.userWrites("716: second", chatID: Self.chat, user: Self.olga)
        let notice = try #require(await world.operatorMessage(containing: "Not delivered to 716"))
        #expect(notice.text == "Not delivered to 716: Telegram refused (400): Bad Request: chat not found")
        #expect(world.double.messages(to: 716).count == 1)
    }
}
