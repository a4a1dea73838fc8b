import Catalog
import Foundation
import TelegramOutbox

/// A message written in the operator chat (CONTRACT §4), read in this order: a command; a
/// message in a user's forum topic (it goes to that user as it is); a reply to a message
/// the relay posted about a user; "chat_id: answer"; anything else gets the invalid-format
/// notice. Every notice answers the operator's message, in its topic.
///
/// An admin's private chat with the bot is read the same way (the gateway hands over only
/// an admin's replies to alerts and "chat_id: answer"): a reply to an alert answers the
/// alert's user, and the notices go to the admin's chat.
struct OperatorMessageHandler: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Handles `item` (kind `operatorMessage`).
    func handle(_ item: RelayItem) async throws {
        let text = item.text ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Service messages (a topic created, a member joined) carry neither text nor media.
        guard !trimmed.isEmpty || item.mediaKind != nil else { return }
        guard let desk = deskChat(of: item) else {
            context.logger.warning("an operator message from a chat that is no desk", ["chat": .string(item.chatID)])
            return
        }
        let poster = OperatorChatPoster(context: context)
        guard try await OperatorGate(context: context).admits(item, inOperatorChat: desk.adminChat == nil) else { return }
        let topicChat = try await topicChat(of: item, desk: desk)
        if item.mediaKind == nil, trimmed.hasPrefix("/"),
            let command = OperatorCommand.parse(trimmed, texts: context.operatorTexts)
        {
            let result = try await CommandRunner(context: context).run(command, topicChat: topicChat, id: item.id)
            try await poster.tell(
                result, replyingTo: item.messageID, thread: item.messageThreadID, id: item.id, in: desk.adminChat)
            context.count("commands", help: "Operator commands run.")
            return
        }
        let answer = OperatorAnswer(
            text: text, media: media(of: item), messageID: item.messageID, threadID: item.messageThreadID,
            chat: desk.adminChat, id: item.id)
        var userChat = topicChat
        if userChat == nil { userChat = try await repliedChat(of: item, desk: desk) }
        if let chatID = userChat {
            try await answerUser(answer, chatID: chatID, checkKnown: false, item: item, desk: desk)
            return
        }
        if item.mediaKind == nil, case .answer(let chatID, let body) = DirectAnswer.parse(text) {
            var direct = answer
            direct.text = body
            try await answerUser(direct, chatID: chatID, checkKnown: true, item: item, desk: desk)
            return
        }
        var notice = context.operatorTexts.invalidOperatorFormat
        if item.mediaKind == nil, case .badChatID(let head) = DirectAnswer.parse(text) {
            notice = context.operatorTexts.text(.notAChatID, ["chat_id": head])
        }
        try await poster.tell(
            notice, replyingTo: item.messageID, thread: item.messageThreadID, id: item.id, in: desk.adminChat)
    }

    /// Where an operator message was written.
    private struct Desk {
        /// The chat.
        var chat: Int64
        /// The chat again when it is an admin's private chat, nil for the operator chat.
        var adminChat: Int64?
    }

    /// The operator chat or an admin's chat the item comes from; nil for any other chat.
    private func deskChat(of item: RelayItem) -> Desk? {
        guard let chat = Int64(item.chatID) else { return nil }
        if chat == context.operatorChatID { return Desk(chat: chat) }
        return context.isAdminChat(chat) ? Desk(chat: chat, adminChat: chat) : nil
    }

    /// Delivers an answer and tells the operator when it could not go.
    private func answerUser(
        _ answer: OperatorAnswer, chatID: String, checkKnown: Bool, item: RelayItem, desk: Desk
    ) async throws {
        if let notice = try await AnswerDelivery(context: context).deliver(answer, to: chatID, checkKnown: checkKnown) {
            try await OperatorChatPoster(context: context).tell(
                notice, replyingTo: item.messageID, thread: item.messageThreadID, id: item.id, in: desk.adminChat)
        }
    }

    /// The user whose forum topic the message was written in (the operator chat's topics only).
    private func topicChat(of item: RelayItem, desk: Desk) async throws -> String? {
        guard desk.adminChat == nil, let thread = item.messageThreadID, let topics = context.topics else { return nil }
        return try await topics.chat(ofThread: thread)
    }

    /// The user the replied-to message belongs to. In a forum every message "replies" to
    /// its topic's first message; that is no reply.
    private func repliedChat(of item: RelayItem, desk: Desk) async throws -> String? {
        guard let replied = item.replyToMessageID, replied != item.messageThreadID else { return nil }
        return try await context.origins(in: desk.chat).chat(of: replied, waitingUpTo: context.options.originWait)
    }

    /// The operator's media, to copy from the chat it was written in.
    private func media(of item: RelayItem) -> UserMessageForwarder.Media? {
        guard let kind = item.mediaKind, let chat = Int64(item.chatID), let messageID = item.messageID else {
            return nil
        }
        return UserMessageForwarder.Media(kind: kind, chatID: chat, messageID: messageID)
    }
}
