import Catalog
import Domain
import TelegramBotAPI
import TelegramOutbox

/// A new message: from the operator chat, or an admin's answer to a user (a reply to an
/// alert, "chat_id: answer") → the relay; /start, the button or /operator → the mode
/// switch; otherwise by the chat's mode: bot → ingest-api's answer, operator → stored and
/// handed to the relay.
struct MessageRouter: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Handles `message` of update `updateID`.
    func handle(_ message: Message, updateID: Int64) async throws {
        let chatID = message.chat.id
        if chatID == context.operatorChatID {
            try await context.relay.enqueue(RelayItem.operatorMessage(message, updateID: updateID))
            return
        }
        // Writing again means the user unblocked the bot, if they had blocked it.
        try await context.blocked.unmark(chatID)
        if try await context.adminAnswers.isAnswer(message) {
            try await context.relay.enqueue(RelayItem.operatorMessage(message, updateID: updateID))
            return
        }
        // Even a /start leaves nothing in the history: the mark lets operators answer the chat.
        try await context.seen.mark(String(chatID))
        let switcher = ModeSwitch(context: context)
        let command = message.command
        if command == "/start" {
            try await switcher.start(message, updateID: updateID)
            return
        }
        if command == "/operator" || message.text.map(Texts.operatorButtons.contains) == true {
            try await switcher.toggle(chatID: chatID, user: message.from, updateID: updateID)
            return
        }
        switch try await context.modes.mode(of: String(chatID)) {
        case .operator:
            try await OperatorHandOff(context: context).handOff(message, updateID: updateID)
        case .bot:
            try await BotAnswerer(context: context).answer(message, updateID: updateID)
        }
    }
}

extension RelayItem {
    /// A message written in the operator chat, for the relay to interpret.
    static func operatorMessage(_ message: Message, updateID: Int64) -> RelayItem {
        RelayItem(
            id: "update:\(updateID)", kind: .operatorMessage, chatID: String(message.chat.id),
            user: message.from.map(ChatUser.init(telegram:)), text: message.text ?? message.caption,
            messageID: message.messageID, mediaKind: message.mediaKind,
            replyToMessageID: message.replyToMessage?.messageID, messageThreadID: message.messageThreadID,
            languageCode: message.from?.languageCode)
    }
}

extension ChatUser {
    /// The contract's user shape from a Telegram user.
    init(telegram user: User) {
        self.init(
            id: String(user.id), firstName: user.firstName, lastName: user.lastName, username: user.username)
    }
}
