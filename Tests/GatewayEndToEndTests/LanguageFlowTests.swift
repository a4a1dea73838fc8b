import Catalog
import Foundation
import TelegramDouble
import Testing

extension GatewayEndToEnd {
    /// Users read the language of their own text, else their client's; admins read
    /// `OPERATOR_LANGUAGE` (issue 19), through the real ingest-api's detection and FAQ.
    @Suite struct LanguageFlowTests {
        @Test func aKazakhUserGetsKazakhEvenWithARussianClientAndKeepsItForTheModeNotices() async throws {
            try await EndToEndWorld.run(.polling) { world in
                let user = DoubleUser(id: 1901, firstName: "Айгүл", languageCode: "ru")
                world.double.userWrites("/start", chatID: 1901, user: user)
                let greeting = await world.double.waitForMessages(to: 1901, count: 1)
                // Nothing written yet: the client's language.
                #expect(greeting.first?.text == Texts.of(.ru).greeting)
                let question = "Жиналыс бөлмесіндегі проектор бүгін таңертеңнен бері сурет көрсетпейді"
                world.double.userWrites(question, chatID: 1901, user: user)
                let notice = try #require(await world.double.waitForMessages(to: 1901, count: 2).last?.text)
                #expect(notice.hasPrefix("📝 Сұрауыңыз тіркелді!\n\nТикет ID: #"))
                // The Russian button (the keyboard of the greeting) is still recognised; the
                // notice comes in the language of the user's text.
                world.double.userWrites("Подключить/отключить оператора", chatID: 1901, user: user)
                let connected = await world.double.waitForMessages(to: 1901, count: 3)
                #expect(connected.last?.text == "Оператор диалогқа қосылды")
                #expect(connected.last?.keyboardLabels == [["Операторды қосу/ажырату"]])
            }
        }

        @Test func vietnameseAndChineseQuestionsGetTheirFAQAnswersInTheirLanguage() async throws {
            try await EndToEndWorld.run(.polling) { world in
                // (chat, question, the FAQ entry it must get, the head of the answer)
                let cases: [(Int64, String, String, String)] = [
                    (
                        1911, "Tôi quên mật khẩu, phải làm sao?", "Làm thế nào để đặt lại mật khẩu?",
                        "🤖 Câu trả lời tự động:\n"
                    ),
                    (1912, "toi quen mat khau", "Làm thế nào để đặt lại mật khẩu?", "🤖 Câu trả lời tự động:\n"),
                    (1913, "我忘记密码了怎么办", "如何重置密码？", "🤖 自动回答：\n"),
                    (1914, "忘記密碼了", "如何重置密码？", "🤖 自动回答：\n"),
                ]
                let entries = try await world.admin.faq(language: "vi") + world.admin.faq(language: "zh")
                for (chat, question, entryQuestion, head) in cases {
                    world.double.userWrites(question, chatID: chat, user: DoubleUser(id: chat, languageCode: "en"))
                    let answer = try #require(await world.double.waitForMessages(to: chat, count: 1).first?.text)
                    let entry = try #require(entries.first { $0.question == entryQuestion })
                    #expect(answer.hasPrefix(head + entry.answer), "\(question): \(answer)")
                }
            }
        }

        @Test func anAdminsStartGetsTheAdminGreetingInTheOperatorsLanguage() async throws {
            var setup = EndToEndWorld.Setup()
            setup.operatorLanguage = "vi"
            try await EndToEndWorld.run(.polling, setup: setup) { world in
                let admin = EndToEndWorld.adminUserIDs[0]
                world.double.userWrites("/start", chatID: admin, user: DoubleUser(id: admin, languageCode: "en"))
                let greeting = await world.double.waitForMessages(to: admin, count: 1)
                #expect(
                    greeting.map(\.text) == [
                        "Xin chào! Tôi là Bot Admin. Tôi sẽ thông báo cho bạn khi có câu hỏi mới cần hỗ trợ."
                    ])
                world.double.userWrites("/start", chatID: 1921, user: DoubleUser(id: 1921, languageCode: "en"))
                #expect(await world.double.waitForMessages(to: 1921, count: 1).first?.text == Texts.of(.en).greeting)
            }
        }
    }
}
