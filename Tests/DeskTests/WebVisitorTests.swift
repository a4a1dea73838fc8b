import Foundation
import TestSupport
import Testing

extension DeskTests {
    /// A web visitor on one notify-hub and a dashboard on the other (CONTRACT §6): the bot
    /// answers first; the dashboard takes the chat over (`PUT /api/chats/{id}/mode` through
    /// its hub, with the admin token) and replies on its `/notify` socket; the reply travels
    /// through operator-relay and Redis to the visitor's hub and reaches the visitor once.
    @Suite struct WebVisitorTests {
        @Test(arguments: WebVisitor.Dialect.allCases)
        func aVisitorGetsTheDashboardsReplyFromTheOtherHub(_ dialect: WebVisitor.Dialect) async throws {
            try await Desk.run("web-\(dialect.rawValue)") { desk in
                let botAnswer = "The model says: try turning it off and on."
                desk.model.behave { $0.answer = botAnswer }
                let visitor = try await offPool { Handed(try WebVisitor(dialect, port: desk.hubs[0].port)) }
                let chatID = visitor.value.chatID
                let first = try await offPool {
                    try visitor.value.say("My scanner eats the paper")
                    return try visitor.value.nextAnswer()
                }
                #expect(first.text.contains(botAnswer))
                #expect(first.sender == (dialect == .contact ? "bot" : "assistant"))

                // The dashboard, on the other hub.
                let dashboardHub = desk.hubs[1]
                let takeOver = try await desk.request(
                    dashboardHub, "PUT", "/api/chats/\(chatID)/mode", body: #"{"mode":"operator"}"#,
                    token: Desk.adminToken)
                #expect(takeOver.status == 200, "\(takeOver.bodyText)")
                let dashboard = try await offPool { Handed(try DashboardSocket(port: dashboardHub.port)) }
                let replyText = "Hello, this is Olga from the desk <b>really</b>"
                try await offPool { try dashboard.value.reply(to: chatID, replyText) }
                let reply = try await offPool { try visitor.value.nextAnswer() }
                // The same words a Telegram user gets (CONTRACT §4), marked as from a person.
                #expect(reply.text == "Operator reply: " + replyText)
                #expect(reply.sender == (dialect == .contact ? "operator" : "assistant"))
                // Once: no second copy arrives (from the other hub, or a redelivery).
                #expect(try await offPool { !visitor.value.anotherAnswerArrives(within: .seconds(2)) })
                #expect(
                    await eventually {
                        ((try? await desk.history(of: chatID)) ?? []).last == "operator: \(replyText)"
                    })
            }
        }

        @Test func aVisitorWhoseHubStopsReconnectsToTheOtherAndStillGetsTheReply() async throws {
            try await Desk.run("web-failover") { desk in
                let visitor = try await offPool { Handed(try WebVisitor(.contact, port: desk.hubs[0].port)) }
                let chatID = visitor.value.chatID
                _ = try await offPool {
                    try visitor.value.say("My monitor flickers")
                    return try visitor.value.nextAnswer()
                }
                let takeOver = try await desk.request(
                    desk.hubs[1], "PUT", "/api/chats/\(chatID)/mode", body: #"{"mode":"operator"}"#,
                    token: Desk.adminToken)
                #expect(takeOver.status == 200)

                // Its hub goes away (scaled down); the page reconnects, to the other hub,
                // with its client id, as a reload does.
                #expect(await desk.hubs[0].terminate() == .exited(0))
                let clientID = String(chatID.dropFirst("web-".count))
                let again = try await offPool {
                    Handed(try WebVisitor(.contact, port: desk.hubs[1].port, query: "?client_id=\(clientID)"))
                }
                #expect(again.value.chatID == chatID)
                let dashboard = try await offPool { Handed(try DashboardSocket(port: desk.hubs[1].port)) }
                try await offPool { try dashboard.value.reply(to: chatID, "Try another cable") }
                let reply = try await offPool { try again.value.nextAnswer() }
                #expect(reply == WebVisitor.Answer(text: "Operator reply: Try another cable", sender: "operator"))
            }
        }

        @Test(arguments: WebVisitor.Dialect.allCases)
        func aVisitorTalksWithAnOperatorInTheTelegramOperatorChat(_ dialect: WebVisitor.Dialect) async throws {
            try await Desk.run("web-telegram-\(dialect.rawValue)") { desk in
                let visitor = try await offPool { Handed(try WebVisitor(dialect, port: desk.hubs[0].port)) }
                let chatID = visitor.value.chatID
                _ = try await offPool {
                    try visitor.value.say("My badge does not open the door")
                    return try visitor.value.nextAnswer()
                }
                let takeOver = try await desk.request(
                    desk.hubs[1], "PUT", "/api/chats/\(chatID)/mode", body: #"{"mode":"operator"}"#,
                    token: Desk.adminToken)
                #expect(takeOver.status == 200)
                try await desk.telegramMessage(to: Desk.operatorChatID) {
                    $0.text.hasPrefix("Message from user \(chatID)")
                }

                try await offPool { try visitor.value.say("Still locked out, please help") }
                let forwarded = try await desk.telegramMessage(to: Desk.operatorChatID) {
                    $0.text.hasSuffix(":\nStill locked out, please help")
                }
                desk.double.userWrites(
                    "Security is on the way", chatID: Desk.operatorChatID, user: Desk.operatorUser,
                    replyTo: forwarded.messageID)
                let reply = try await offPool { try visitor.value.nextAnswer() }
                #expect(reply.text == "Operator reply: Security is on the way")
                #expect(try await offPool { !visitor.value.anotherAnswerArrives(within: .seconds(2)) })
            }
        }
    }
}
