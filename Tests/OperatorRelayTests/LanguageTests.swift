import Foundation
import Redis
import TelegramDouble
import TestSupport
import Testing

@testable import OperatorRelay

/// Operators and admins read OPERATOR_LANGUAGE; users read the language of their own text
/// (issue 19).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct LanguageTests {
    static let chat = RelayHarness.operatorChatID
    static let olga = RelayHarness.operatorUser

    @Test func aVietnameseDeskGetsTheAdminBotsAlertWithTheUnknownNamed() async throws {
        let world = try await RelayHarness(values: ["OPERATOR_LANGUAGE": "vi"])
        defer { Task { await world.stop() } }
        try await world.publishNewSession(
            userID: "771", firstName: nil, message: "Làm thế nào để tìm thông tin liên hệ khẩn cấp?",
            response: "I don't know how to find emergency contacts")
        let alert = try #require(await world.double.waitForMessages(to: RelayHarness.admins[0], count: 1).first)
        #expect(
            alert.text
                == "⚠️ Câu hỏi cần xử lý:\n\nTừ: Người dùng không xác định\n"
                + "Câu hỏi: Làm thế nào để tìm thông tin liên hệ khẩn cấp?\n\n"
                + "Trả lời hiện tại: I don't know how to find emergency contacts\n\n"
                + "Vui lòng trả lời người dùng này.\n\n"
                + "Cuộc trò chuyện: 771. Trả lời tin nhắn này, hoặc viết '771: câu trả lời'.")
        #expect(alert.rawText.hasPrefix("⚠️ <b>Câu hỏi cần xử lý:</b>\n\n<b>Từ:</b> Người dùng không xác định"))
    }

    @Test func operatorsGetTheirLanguageAndUsersTheLanguageOfTheirText() async throws {
        let world = try await RelayHarness(values: ["OPERATOR_LANGUAGE": "ru"])
        defer { Task { await world.stop() } }
        // The hand-off and a forwarded message in Russian, with the original hint.
        try await world.userInOperatorMode(772, firstName: "Айгүл")
        world.desk.seed("772", [(.user, "Принтер істемейді")])
        world.double.userWrites("Көмектесіңізші", chatID: 772, user: DoubleUser(id: 772, firstName: "Айгүл"))
        let forwarded = try #require(await world.operatorMessage(containing: "Сообщение от пользователя 772"))
        #expect(forwarded.text.hasPrefix("Сообщение от пользователя 772 (Айгүл)"))
        // The user's language, as the gateway learned it from their text: Kazakh, although
        // their client says English.
        _ = try await world.redis.send("SET", RedisArgument(world.prefix + "chat-language:772"), "kk")
        world.double.userWrites("772: Қазір қараймыз", chatID: Self.chat, user: Self.olga)
        #expect(
            await world.double.waitForMessages(to: 772, count: 1).first?.text == "Оператордың жауабы: Қазір қараймыз")
        // Anything else in the operator chat: the original bot's words.
        world.double.userWrites("всем привет", chatID: Self.chat, user: Self.olga)
        let notice = try #require(await world.operatorMessage(containing: "Неверный формат"))
        #expect(notice.text == "Неверный формат сообщения. Используйте формат 'chat_id: сообщение'.")
        // Commands answer in the operators' language too.
        world.double.userWrites("/close", chatID: Self.chat, user: Self.olga)
        let usage = try #require(await world.operatorMessage(containing: "Формат: /close"))
        #expect(
            usage.text
                == "Формат: /close {ticket_id}, например /close 42\n"
                + "Команды: /tickets, /close {ticket_id}, /bot {chat_id}, /ban {chat_id}, /unban {chat_id}")
        world.double.userWrites("/ban 772", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "Пользователь 772 заблокирован") != nil)
    }
}
