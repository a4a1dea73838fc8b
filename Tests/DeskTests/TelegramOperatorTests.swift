import Foundation
import TelegramDouble
import TestSupport
import Testing

extension DeskTests {
    /// A Telegram user and an operator in the operator chat (CONTRACT §4), through the real
    /// gateway, relay and ingest-api processes: /start, the operator button, the hand-off,
    /// the user's message forwarded, the operator's Telegram reply back to the user. Once
    /// with the operator chat a plain group, once a forum supergroup (a topic per user).
    @Suite struct TelegramOperatorTests {
        @Test(arguments: [false, true])
        func aUserAndAnOperatorTalkThroughTheOperatorChat(forum: Bool) async throws {
            var setup = Desk.Setup()
            setup.forumOperatorChat = forum
            try await Desk.run(forum ? "operator-forum" : "operator-group", setup) { desk in
                let chat: Int64 = forum ? 7502 : 7501
                let operatorChat = Desk.operatorChatID
                let user = DoubleUser(id: chat, firstName: "Ann", username: "ann")
                desk.double.userWrites("/start", chatID: chat, user: user)
                let greeting = try await desk.telegramMessage(to: chat) { $0.keyboardLabels != nil }
                #expect(greeting.keyboardLabels == [["Connect/disconnect operator"]])

                desk.double.userWrites("Connect/disconnect operator", chatID: chat, user: user)
                try await desk.telegramMessage(to: chat) { $0.text == "Operator connected to the dialog" }
                let handoff = try await desk.telegramMessage(to: operatorChat) {
                    $0.text.hasPrefix("Message from user \(chat) (Ann")
                }

                desk.double.userWrites("My printer is on fire", chatID: chat, user: user)
                let forwarded = try await desk.telegramMessage(to: operatorChat) {
                    $0.text.contains("My printer is on fire")
                }
                #expect(forwarded.text.hasPrefix("Message from user \(chat) (Ann"))
                #expect(forwarded.text.hasSuffix(":\nMy printer is on fire"))
                if forum {
                    let topics = desk.double.createdTopics(in: operatorChat)
                    #expect(topics.count == 1)
                    #expect(handoff.messageThreadID != nil && handoff.messageThreadID == topics.first?.threadID)
                    #expect(forwarded.messageThreadID == handoff.messageThreadID)
                } else {
                    #expect(handoff.messageThreadID == nil && forwarded.messageThreadID == nil)
                }

                desk.double.userWrites(
                    "Unplug it & step back", chatID: operatorChat, user: Desk.operatorUser,
                    replyTo: forwarded.messageID, inThread: forwarded.messageThreadID)
                let reply = try await desk.telegramMessage(to: chat) { $0.text.hasPrefix("Operator reply:") }
                #expect(reply.text == "Operator reply: Unplug it & step back")
                // Stored in the chat's history by the relay, after the user's message.
                #expect(
                    await eventually {
                        let history = (try? await desk.history(of: String(chat))) ?? []
                        return history.suffix(2) == ["user: My printer is on fire", "operator: Unplug it & step back"]
                    })
                #expect(desk.double.violations.isEmpty)
            }
        }
    }
}
