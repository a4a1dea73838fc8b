import Catalog
import DeskProtocol
import Domain
import TelegramOutbox
import Testing

@testable import OperatorRelay

/// What operators type and what the relay writes, without servers.
struct ParsingTests {
    @Test func directAnswersNameATelegramOrWebChat() {
        #expect(DirectAnswer.parse("123456: Restart the app") == .answer(chatID: "123456", text: "Restart the app"))
        #expect(DirectAnswer.parse("-100200: hi") == .answer(chatID: "-100200", text: "hi"))
        #expect(DirectAnswer.parse("web-3f2c: hello: there") == .answer(chatID: "web-3f2c", text: "hello: there"))
        #expect(DirectAnswer.parse("42:\nline one\nline two") == .answer(chatID: "42", text: "line one\nline two"))
        #expect(DirectAnswer.parse("42:") == .answer(chatID: "42", text: ""))
    }

    @Test func directAnswersWithAWordBeforeTheColonAreBadChatIDs() {
        #expect(DirectAnswer.parse("abc: hi") == .badChatID("abc"))
        #expect(DirectAnswer.parse("web-: hi") == .badChatID("web-"))
        #expect(DirectAnswer.parse("hello there") == .notThisFormat)
        #expect(DirectAnswer.parse("see this: it works") == .notThisFormat)
        #expect(DirectAnswer.parse(": nothing before") == .notThisFormat)
    }

    @Test func commandsParseWithTheirArguments() {
        #expect(OperatorCommand.parse("/tickets") == .tickets)
        #expect(OperatorCommand.parse("/tickets@switchboard_bot") == .tickets)
        #expect(OperatorCommand.parse("/close 42") == .close(ticketID: 42))
        #expect(OperatorCommand.parse("/close #42") == .close(ticketID: 42))
        #expect(OperatorCommand.parse("/bot 123") == .bot(chatID: "123"))
        #expect(OperatorCommand.parse("/bot") == .bot(chatID: nil))
        #expect(OperatorCommand.parse("/ban web-9") == .ban(chatID: "web-9"))
        #expect(OperatorCommand.parse("/unban 7") == .unban(chatID: "7"))
        #expect(OperatorCommand.parse("/start") == nil)
        #expect(OperatorCommand.parse("hello") == nil)
    }

    @Test func commandsWithBadArgumentsAnswerTheirUsage() {
        for text in ["/close", "/close x", "/close 0", "/close 1 2", "/bot abc", "/ban 1 2"] {
            guard case .usage(let line)? = OperatorCommand.parse(text) else {
                Issue.record("\(text) should answer its usage")
                continue
            }
            #expect(line.hasPrefix("Usage: /"))
        }
    }

    @Test func alertsEscapeEveryUserPart() {
        let session = NewSessionData(
            sessionID: "s", userID: "1", message: "a < b & c", response: "<i>no</i>", firstName: "<Eve>",
            lastName: "&Co", username: nil, createdAt: "2026-01-01 00:00:00")
        #expect(
            AdminAlerts.text(session)
                == "⚠️ Question needs handling:\n\nFrom: &lt;Eve&gt; &amp;Co\nQuestion: a &lt; b &amp; c\n\n"
                + "Current answer: &lt;i&gt;no&lt;/i&gt;\n\nChat: 1. Reply to this message, or write '1: answer'.")
    }

    @Test func anAlertNamesTheChatToAnswerOnlyWhenAnOperatorCanReachIt() {
        var session = NewSessionData(
            sessionID: "s", userID: "web-<x>", message: "m", response: "r", firstName: "A", lastName: nil,
            username: nil, createdAt: "2026-01-01 00:00:00")
        let contract = "⚠️ Question needs handling:\n\nFrom: A\nQuestion: m\n\nCurrent answer: r"
        // The contract's text comes first, unchanged; the chat line follows a blank line.
        #expect(
            AdminAlerts.text(session)
                == contract + "\n\nChat: web-&lt;x&gt;. Reply to this message, or write 'web-&lt;x&gt;: answer'.")
        session.userID = "api-client-7"
        #expect(AdminAlerts.text(session) == contract)
        session.userID = ""  // an event without user_id reads as no user
        #expect(AdminAlerts.text(session) == contract)
    }

    @Test func forwardedMessagesEscapeTheUserTextAndAnnounceMedia() {
        let text = UserMessageForwarder.posts(chatID: "7", name: "A<B", text: "x & y", media: nil, isEdit: false)
        #expect(text == [.html("Message from user 7 (A&lt;B):\nx &amp; y")])
        let edit = UserMessageForwarder.posts(chatID: "7", name: "A", text: "new", media: nil, isEdit: true)
        #expect(edit == [.html("Message from user 7 (A):\n(edited) new")])
        let media = UserMessageForwarder.Media(kind: "photo", chatID: 7, messageID: 3)
        let photo = UserMessageForwarder.posts(chatID: "7", name: "A", text: "cap", media: media, isEdit: false)
        #expect(photo == [.html("Message from user 7 (A):\n[photo]"), .copy(fromChatID: 7, messageID: 3)])
    }

    @Test func theHandoffShowsTheHistoryOldestFirst() {
        let history = [
            ChatMessage(id: 1, chatID: "7", direction: .incoming, sender: .user, text: "VPN <down>", createdAt: ""),
            ChatMessage(id: 2, chatID: "7", direction: .outgoing, sender: .bot, text: "Restart it", createdAt: ""),
        ]
        #expect(
            Handoff.text(chatID: "7", name: "Ann", history: history)
                == "Message from user 7 (Ann)\n\n<b>User:</b> VPN &lt;down&gt;\n<b>Bot:</b> Restart it\n\n"
                + "Reply in the format chat_id: answer")
        #expect(
            Handoff.text(chatID: "7", name: "Ann", history: [])
                .hasSuffix("(no earlier messages)\n\nReply in the format chat_id: answer"))
        #expect(
            Handoff.text(chatID: "7", name: "Ann", history: nil)
                .hasSuffix("(history unavailable)\n\nReply in the format chat_id: answer"))
    }

    @Test func theHandoffIsInTheOperatorsLanguageWithTheOriginalHint() {
        let history = [
            ChatMessage(id: 1, chatID: "7", direction: .incoming, sender: .user, text: "VPN", createdAt: ""),
            ChatMessage(id: 2, chatID: "7", direction: .outgoing, sender: .operator, text: "Да", createdAt: ""),
        ]
        #expect(
            Handoff.text(chatID: "7", name: "Аня", history: history, texts: .of(.ru))
                == "Сообщение от пользователя 7 (Аня)\n\n<b>Пользователь:</b> VPN\n<b>Оператор:</b> Да\n\n"
                + "Ответьте в формате chat_id: ответ")
        #expect(
            Handoff.text(chatID: "7", name: "An", history: [], texts: .of(.zh))
                == "来自用户 7（An）的消息\n\n（没有更早的消息）\n\n请按“chat_id: 回复内容”的格式回复")
        let forwarded = UserMessageForwarder.posts(
            chatID: "7", name: "A", text: "x", media: nil, isEdit: true, texts: .of(.kk))
        #expect(forwarded == [.html("7 пайдаланушысының хабарламасы (A):\n(өңделді) x")])
    }

    @Test func aVietnameseAlertKeepsTheAdminBotsFormAndNamesTheUnknown() {
        let session = NewSessionData(
            sessionID: "s", userID: "42", message: "Làm thế nào để tìm thông tin liên hệ khẩn cấp?",
            response: "I don't know", firstName: nil, lastName: nil, username: nil, createdAt: "2026-01-01 00:00:00")
        #expect(
            AdminAlerts.text(session, texts: .of(.vi))
                == "⚠️ <b>Câu hỏi cần xử lý:</b>\n\n<b>Từ:</b> Người dùng không xác định\n"
                + "<b>Câu hỏi:</b> Làm thế nào để tìm thông tin liên hệ khẩn cấp?\n\n<b>Trả lời hiện tại:</b> I don't know"
                + "\n\n<i>Vui lòng trả lời người dùng này.</i>\n\nCuộc trò chuyện: 42. Trả lời tin nhắn này, hoặc viết "
                + "'42: câu trả lời'.")
    }

    @Test func eventsDecodeTheirData() {
        let mode = #"{"type":"mode_changed","id":"4","timestamp":"t","data":{"chat_id":"web-1","mode":"operator"}}"#
        #expect(DeskEvent.decode(mode) == .modeChanged(ModeChangedData(chatID: "web-1", mode: .operator)))
        let broadcast = #"{"type":"broadcast","id":"5","timestamp":"t","data":{"message":"hi"}}"#
        // The relay reads the shared decoding of every event, and acts on the kinds it reads.
        #expect(DeskEvent.decode(broadcast) == .broadcast(BroadcastData(message: "hi")))
        #expect(!EventHandler.isRelevant(broadcast) && EventHandler.isRelevant(mode))
        #expect(DeskEvent.decode("not json") == nil)
    }

    @Test func webChatsGetStableLanes() {
        #expect(RelayConsumers.lane("123") == 123)
        #expect(RelayConsumers.lane("web-a") == RelayConsumers.lane("web-a"))
        #expect(RelayConsumers.lane("web-a") != RelayConsumers.lane("web-b"))
    }
}
