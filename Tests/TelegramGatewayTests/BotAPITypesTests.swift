import Foundation
import Testing

@testable import TelegramBotAPI

/// Decoding Telegram's JSON tolerantly, and the envelope's errors.
struct BotAPITypesTests {
    @Test func unknownFieldsAndKindsAreIgnoredNotFatal() throws {
        let json = #"{"update_id":9,"poll_answer":{"poll_id":"1"},"brand_new":[1,2]}"#
        let update = try JSONDecoder().decode(Update.self, from: Data(json.utf8))
        #expect(update.updateID == 9 && update.message == nil && update.callbackQuery == nil && update.chatID == nil)
    }

    @Test func aBrokenPartLeavesTheRestReadable() throws {
        let json =
            #"{"update_id":10,"message":{"message_id":"x"},"callback_query":{"id":"q","from":{"id":5,"first_name":"A"},"data":"d"}}"#
        let update = try JSONDecoder().decode(Update.self, from: Data(json.utf8))
        #expect(update.message == nil && update.callbackQuery?.data == "d" && update.chatID == 5)
    }

    @Test func aReplyInAGroupWithoutTopicsHasNoTopicThoughTelegramGivesItAThreadID() throws {
        // Telegram's shape for a first-level reply in a supergroup without topics.
        let json = #"""
            {"message_id":12,"chat":{"id":-1001234,"type":"supergroup"},"date":1,"text":"hi",
             "message_thread_id":11,
             "reply_to_message":{"message_id":11,"chat":{"id":-1001234,"type":"supergroup"},"date":0,"text":"q"}}
            """#
        let message = try JSONDecoder().decode(Message.self, from: Data(json.utf8))
        #expect(message.messageThreadID == nil)
        #expect(message.replyToMessage?.messageID == 11)
    }

    @Test func messagesKnowTheirMediaRepliesAndCommands() throws {
        let json = #"""
            {"message_id":3,"chat":{"id":-100,"type":"supergroup","is_forum":true},"date":1,"caption":"c",
             "document":{"file_id":"f"},"message_thread_id":8,"is_topic_message":true,
             "reply_to_message":{"message_id":2,"chat":{"id":-100,"type":"weird-new-type"},"text":"/start@bot now"}}
            """#
        let message = try JSONDecoder().decode(Message.self, from: Data(json.utf8))
        #expect(message.mediaKind == "document" && message.caption == "c" && message.messageThreadID == 8)
        #expect(message.chat.isForum == true && message.replyToMessage?.chat.type == .other)
        #expect(message.replyToMessage?.command == "/start")
        let again = try JSONDecoder().decode(Message.self, from: try JSONEncoder().encode(message))
        #expect(again == message)
    }

    @Test func refusalsCarryTheCodeTheDescriptionAndRetryAfter() {
        let body =
            #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#
        #expect(
            throws: BotAPIError.refused(
                code: 429, description: "Too Many Requests: retry after 7", retryAfter: 7, migrateToChatID: nil)
        ) {
            let _: Bool = try BotAPIClient.unwrap("sendMessage", status: 429, data: Data(body.utf8))
        }
        let parse = BotAPIError.refused(
            code: 400, description: "Bad Request: can't parse entities: x", retryAfter: nil, migrateToChatID: nil)
        #expect(parse.isEntityParseError && !parse.isTransient && parse.retryAfter == nil)
        #expect(BotAPIError.badResponse(status: 502, "html").isTransient)
    }

    @Test func sentMessagesUseReplyParametersAndKeyboards() throws {
        let message = OutgoingMessage(
            chatID: 1, text: "t", parseMode: .html,
            replyMarkup: .replyKeyboard(ReplyKeyboardMarkup(keyboard: [[KeyboardButton(text: "b")]])),
            replyToMessageID: 4)
        let object = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(message)) as? [String: Any])
        #expect((object["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 4)
        #expect(object["parse_mode"] as? String == "HTML")
        #expect(
            ((object["reply_markup"] as? [String: Any])?["keyboard"] as? [[[String: Any]]])?.first?.first?["text"]
                as? String == "b")
    }
}
