import Foundation
import TelegramDouble
import TestSupport
import Testing

extension DeskTests {
    /// Escalations (CONTRACT §4): a Telegram user's question that neither the FAQ nor the
    /// model can answer becomes a ticket, and each of `ADMIN_USER_IDS` gets the alert in its
    /// private chat with the bot: ingest-api's `new_session` event, read by operator-relay,
    /// sent by the gateway.
    @Suite struct AdminAlertTests {
        @Test func anUnansweredQuestionAlertsEveryAdminInTelegram() async throws {
            try await Desk.run("admin-alerts") { desk in
                desk.model.behave { $0.answer = "I don't know how to fix a haunted keyboard." }
                let chat: Int64 = 7601
                let question = "My keyboard types by itself at night"
                desk.double.userWrites(question, chatID: chat, user: DoubleUser(id: chat, firstName: "Ivan"))
                let notice = try await desk.telegramMessage(to: chat) { $0.text.hasPrefix("📝") }
                #expect(notice.text.contains("Ticket: #"))
                for admin in Desk.adminUserIDs {
                    let alert = try await desk.telegramMessage(to: admin) {
                        $0.text.hasPrefix("⚠️ Question needs handling")
                    }
                    #expect(alert.text.contains("From: Ivan"))
                    #expect(alert.text.contains("Question: \(question)"))
                    #expect(alert.text.contains("Current answer: I don't know how to fix a haunted keyboard."))
                    #expect(alert.parseMode == "HTML")
                }
                // Only the admins: nobody else got it, and each admin got it once.
                try await Task.sleep(for: .seconds(1))
                let alerts = desk.double.sentMessages.filter { $0.text.hasPrefix("⚠️") }
                #expect(alerts.map(\.chatID).sorted() == Desk.adminUserIDs.sorted())
            }
        }

        @Test func alertsArriveOnceAndPromptlyWhenTheRelayIsKilledWhileSendingThem() async throws {
            try await Desk.run("kill-relay-alerts") { desk in
                desk.model.behave { $0.answer = "I don't know." }
                for (round, delay) in [0, 60, 300].enumerated() {
                    let chat = Int64(7610 + round)
                    let question = "Strange noise number \(round) from my fan"
                    desk.double.userWrites(question, chatID: chat, user: DoubleUser(id: chat, firstName: "Rita"))
                    try await desk.telegramMessage(to: chat) { $0.text.hasPrefix("📝") }
                    try await Task.sleep(for: .milliseconds(delay))
                    await desk.relay.kill()
                    try await desk.relay.start()
                    for admin in Desk.adminUserIDs {
                        // Promptly: not after a dead holder's lease (2 minutes) runs out.
                        try await desk.telegramMessage(to: admin, timeout: .seconds(20)) {
                            $0.text.contains("Question: \(question)")
                        }
                    }
                }
                try await Task.sleep(for: .seconds(2))
                for admin in Desk.adminUserIDs {
                    #expect(
                        desk.double.messages(to: admin).count == 3, "\(desk.double.messages(to: admin).map(\.text))")
                }
            }
        }
    }
}
