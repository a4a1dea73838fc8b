import TelegramBotAPI
import TelegramOutbox

/// One Bot API call for one part of a request, as the sender makes it.
struct SendAttempt: Sendable {
    /// The request.
    let request: SendRequest
    /// The part's text (sendMessage, editMessageText), as queued.
    let text: String?
    /// Where it goes (changes when a group turns out to have been upgraded).
    var chatID: Int64
    /// True once Telegram refused the markup: send `text` as plain text.
    var isPlain: Bool
    /// Whether this is the first part (it carries the reply reference) and the last (it carries the keyboard).
    let isFirst: Bool
    /// Whether this is the last part (it carries the keyboard).
    let isLast: Bool

    /// Makes the call; returns the id of the message sent (or the topic's thread id).
    func perform(with api: BotAPIClient) async throws(BotAPIError) -> Int64 {
        switch request.method {
        case .sendMessage:
            return try await api.sendMessage(outgoingMessage()).messageID
        case .editMessageText:
            let (body, mode) = textAndMode()
            return try await api.editMessageText(
                chatID: chatID, messageID: request.messageID ?? 0, text: body, parseMode: mode
            ).messageID
        case .copyMessage:
            return try await api.copyMessage(
                chatID: chatID, fromChatID: request.fromChatID ?? 0, messageID: request.messageID ?? 0,
                messageThreadID: request.messageThreadID
            ).messageID
        case .createForumTopic:
            return try await api.createForumTopic(chatID: chatID, name: request.topicName ?? "chat").messageThreadID
        }
    }

    /// The sendMessage parameters of this part.
    func outgoingMessage() -> OutgoingMessage {
        let (body, mode) = textAndMode()
        return OutgoingMessage(
            chatID: chatID, text: body, parseMode: mode, replyMarkup: isLast ? replyMarkup() : nil,
            replyToMessageID: isFirst ? request.replyToMessageID : nil, messageThreadID: request.messageThreadID)
    }

    /// The text to send and its parse mode, plain after a refusal of the markup.
    private func textAndMode() -> (String, ParseMode?) {
        let body = text ?? ""
        guard request.isHTML else { return (body, nil) }
        return isPlain ? (HTMLText.plainText(fromHTML: body), nil) : (body, .html)
    }

    /// The keyboard the request asks for, if any.
    private func replyMarkup() -> ReplyMarkup? {
        if let rows = request.replyKeyboard {
            return .replyKeyboard(ReplyKeyboardMarkup(keyboard: rows.map { $0.map { KeyboardButton(text: $0) } }))
        }
        if let rows = request.inlineKeyboard {
            return .inlineKeyboard(
                InlineKeyboardMarkup(
                    inlineKeyboard: rows.map {
                        $0.map { InlineKeyboardButton(text: $0.text, callbackData: $0.callbackData) }
                    }))
        }
        return nil
    }
}
