import Catalog
import Foundation
import TelegramOutbox

/// A message written in the operator chat (CONTRACT §4), read in this order: a command; a
/// message in a user's forum topic (it goes to that user as it is); a reply to a message
/// the relay posted about a user; "chat_id: answer"; anything else gets the invalid-format
/// notice. Every notice answers the operator's message, in its topic.
struct OperatorMessageHandler: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Handles `item` (kind `operatorMessage`).
    func handle(_ item: RelayItem) async throws {
        let text = item.text ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Service messages (a topic created, a member joined) carry neither text nor media.
        guard !trimmed.isEmpty || item.mediaKind != nil else { return }
        let poster = OperatorChatPoster(context: context)
        let topicChat = try await topicChat(of: item)
        if item.mediaKind == nil, trimmed.hasPrefix("/"), let command = OperatorCommand.parse(trimmed) {
            let result = try await CommandRunner(context: context).run(command, topicChat: topicChat, id: item.id)
            try await poster.tell(result, replyingTo: item.messageID, thread: item.messageThreadID, id: item.id)
            context.count("commands", help: "Operator commands run.")
            return
        }
        let answer = OperatorAnswer(
            text: text, media: media(of: item), messageID: item.messageID, threadID: item.messageThreadID, id: item.id)
        var userChat = topicChat
        if userChat == nil { userChat = try await repliedChat(of: item) }
        if let chatID = userChat {
            try await answerUser(answer, chatID: chatID, checkKnown: false, item: item)
            return
        }
        if item.mediaKind == nil, case .answer(let chatID, let body) = DirectAnswer.parse(text) {
            var direct = answer
            direct.text = body
            try await answerUser(direct, chatID: chatID, checkKnown: true, item: item)
            return
        }
        var notice = Texts.of(.en).invalidOperatorFormat
        if item.mediaKind == nil, case .badChatID(let head) = DirectAnswer.parse(text) {
            notice =
                "'\(head)' is not a chat id: use the Telegram chat id (a number) or a web-… id, as in "
                + "'123456: your answer'."
        }
        try await poster.tell(notice, replyingTo: item.messageID, thread: item.messageThreadID, id: item.id)
    }

    /// Delivers an answer and tells the operator when it could not go.
    private func answerUser(_ answer: OperatorAnswer, chatID: String, checkKnown: Bool, item: RelayItem) async throws {
        if let notice = try await AnswerDelivery(context: context).deliver(answer, to: chatID, checkKnown: checkKnown) {
            try await OperatorChatPoster(context: context).tell(
                notice, replyingTo: item.messageID, thread: item.messageThreadID, id: item.id)
        }
    }

    /// The user whose forum topic the message was written in.
    private func topicChat(of item: RelayItem) async throws -> String? {
        guard let thread = item.messageThreadID, let topics = context.topics else { return nil }
        return try await topics.chat(ofThread: thread)
    }

    /// The user the replied-to message belongs to. In a forum every message "replies" to
    /// its topic's first message; that is no reply.
    private func repliedChat(of item: RelayItem) async throws -> String? {
        guard let replied = item.replyToMessageID, replied != item.messageThreadID, let origins = context.origins
        else { return nil }
        return try await origins.chat(of: replied, waitingUpTo: context.options.originWait)
    }

    /// The operator's media, to copy from the operator chat.
    private func media(of item: RelayItem) -> UserMessageForwarder.Media? {
        guard let kind = item.mediaKind, let chat = Int64(item.chatID), let messageID = item.messageID else {
            return nil
        }
        return UserMessageForwarder.Media(kind: kind, chatID: chat, messageID: messageID)
    }
}
