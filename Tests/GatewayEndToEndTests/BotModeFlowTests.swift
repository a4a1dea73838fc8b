import Catalog
import Foundation
import TelegramDouble
import Testing

extension GatewayEndToEnd {
    /// Bot mode: /start, FAQ answers from PostgreSQL, tickets, the history (CONTRACT §3, §4).
    @Suite struct BotModeFlowTests {
        @Test(arguments: ReceivingMode.allCases)
        func startGreetsWithTheOperatorButtonAndPutsTheChatInBotMode(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                // A chat left in operator mode (through ingest-api's mode API, as a dashboard does).
                try await world.admin.setMode("operator", of: 1001)
                world.double.userWrites("/start", chatID: 1001)
                let english = await world.double.waitForMessages(to: 1001, count: 1)
                #expect(english.count == 1)
                #expect(english.first?.text == Texts.of(.en).greeting)
                #expect(english.first?.keyboardLabels == [["Connect/disconnect operator"]])
                #expect(try await world.admin.mode(of: 1001) == "bot")

                world.double.userWrites("/start", chatID: 1002, user: DoubleUser(id: 1002, languageCode: "ru"))
                let russian = await world.double.waitForMessages(to: 1002, count: 1)
                #expect(russian.first?.text == Texts.of(.ru).greeting)
                #expect(russian.first?.keyboardLabels == [["Подключить/отключить оператора"]])
            }
        }

        @Test(arguments: ReceivingMode.allCases)
        func anEnglishFAQQuestionGetsTheAnswerFromPostgreSQLAndIsKeptInTheHistory(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                let question = "How do I reset my password?"
                let entry = try #require(try await world.admin.faq(language: "en").first { $0.question == question })
                world.double.userWrites(question, chatID: 1101)
                let sent = await world.double.waitForMessages(to: 1101, count: 1)
                // The entry's own question: the same content words, so the similarity is 1.0.
                #expect(sent.map(\.text) == ["🤖 Automatic answer:\n\(entry.answer)\n(Confidence: 100%)"])

                let history = try await world.admin.messages(of: 1101)
                #expect(history.map(\.text) == [entry.answer, question])
                #expect(history.map(\.sender) == ["bot", "user"])
                #expect(history.map(\.direction) == ["out", "in"])
                #expect(history.allSatisfy { $0.chatID == "1101" })
            }
        }

        @Test(arguments: ReceivingMode.allCases)
        func aRussianFAQQuestionGetsTheRussianAnswer(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                let question = "Как сбросить пароль?"
                let entry = try #require(try await world.admin.faq(language: "ru").first { $0.question == question })
                world.double.userWrites(
                    question, chatID: 1201, user: DoubleUser(id: 1201, firstName: "Иван", languageCode: "ru"))
                let sent = await world.double.waitForMessages(to: 1201, count: 1)
                #expect(sent.map(\.text) == ["🤖 Автоматическое решение:\n\(entry.answer)\n(Уверенность: 100%)"])
                #expect(try await world.admin.messages(of: 1201).map(\.text) == [entry.answer, question])
            }
        }

        @Test(arguments: ReceivingMode.allCases)
        func anUnanswerableQuestionGetsTheNoticeOfTheTicketIngestAPIFiled(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                let question = "The projector in meeting room 4 shows no picture since this morning"
                world.double.userWrites(question, chatID: 1301)
                let sent = await world.double.waitForMessages(to: 1301, count: 1)
                let notice = try #require(sent.first?.text)
                let ticketID = try #require(Self.ticketID(in: notice))
                let ticket = try await world.admin.ticket(ticketID)
                #expect(ticket.chatID == "1301" && ticket.status == "new" && ticket.language == "en")
                #expect(ticket.messages?.map(\.text) == [question])
                #expect(
                    notice
                        == "📝 Your request is registered!\n\nTicket: #\(ticket.id)\nCategory: \(ticket.category)\n"
                        + "Priority: \(ticket.priority)\nDepartment: \(ticket.department)\n\n"
                        + "A specialist will answer soon.")
                // No answer to store: the history holds the question only.
                #expect(try await world.admin.messages(of: 1301).map(\.text) == [question])

                let russian = "Проектор в переговорной не показывает изображение"
                world.double.userWrites(russian, chatID: 1302, user: DoubleUser(id: 1302, languageCode: "ru"))
                let russianNotice = try #require(await world.double.waitForMessages(to: 1302, count: 1).first?.text)
                let russianTicket = try await world.admin.ticket(try #require(Self.ticketID(in: russianNotice)))
                #expect(russianTicket.id != ticket.id && russianTicket.chatID == "1302")
                #expect(
                    russianNotice
                        == Texts.of(.ru).ticketNotice(
                            russianTicket.id, russianTicket.category, russianTicket.priority, russianTicket.department))
            }
        }

        /// The number after "#" in a ticket notice (both languages write "#{id}").
        static func ticketID(in notice: String) -> Int64? {
            guard let mark = notice.firstIndex(of: "#") else { return nil }
            return Int64(notice[notice.index(after: mark)...].prefix { $0.isNumber })
        }
    }
}
