import Catalog
import DeskProtocol
import Domain
import Events
import Foundation
import IngestClient
import TelegramBotAPI
import TelegramOutbox

/// An operator's answer to a user, from the operator chat or the dashboard.
struct OperatorAnswer: Sendable {
    /// The text (the caption, for media).
    var text: String
    /// A message of the operator chat to copy (media), if any.
    var media: UserMessageForwarder.Media?
    /// The operator's message it came from, for notices (nil from the dashboard).
    var messageID: Int64?
    /// The topic the operator wrote in.
    var threadID: Int64?
    /// The chat the operator wrote in when it is not the operator chat (an admin's), for notices.
    var chat: Int64?
    /// What caused it ("update:123", "dashboard:1700000000000-0"): every effect is named after it.
    var id: String
}

/// Takes an operator's answer to the user on their own channel (CONTRACT §4): Telegram
/// users get "Operator reply: {answer}" through the outbox (media copied), web visitors
/// through their `VisitorChannel`; then the answer is stored through ingest-api (sender
/// operator, direction out), which publishes the `message` event. Delivery comes first, so
/// a user never waits on ingest-api; both steps are idempotent, so a retry after a failure
/// (ingest-api down: the item stays pending) repeats neither.
struct AnswerDelivery: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Delivers and stores `answer`; returns a notice for the operator when the answer did
    /// not go out (empty, unknown chat, blocked…), nil when it did. `checkKnown`: refuse a
    /// chat the desk has never seen (an id typed by hand).
    func deliver(_ answer: OperatorAnswer, to chatID: String, checkKnown: Bool) async throws -> String? {
        let text = answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let notices = context.operatorTexts
        guard !text.isEmpty || answer.media != nil else { return notices.text(.answerEmpty, ["chat_id": chatID]) }
        if checkKnown, try await !isKnown(chatID) {
            return notices.text(.unknownChat, ["chat_id": chatID])
        }
        let texts = try await context.userTexts(of: chatID)
        var notice: String?
        switch Channel.of(chatID: chatID) {
        case .telegram:
            notice = try await sendToTelegram(
                answer, text: texts.operatorReply(HTMLText.escape(answer.text)), to: chatID)
        case .web:
            guard answer.media == nil else {
                return notices.text(.webTextOnly, ["chat_id": chatID])
            }
            try await context.effects.once("\(answer.id):visitor") {
                try await context.visitors.publish(
                    VisitorReply(text: texts.operatorReply(answer.text)), to: chatID, on: context.redis)
            }
        case .api:
            return notices.text(.notAChatID, ["chat_id": chatID])
        }
        try await store(answer, in: chatID)
        context.count("answers", help: "Operator answers delivered or stored.")
        return notice
    }

    /// Queues the answer for a Telegram user; a notice when it cannot go.
    private func sendToTelegram(_ answer: OperatorAnswer, text: String, to chatID: String) async throws -> String? {
        guard let userChat = Int64(chatID), context.isTelegramOn else {
            context.logger.warning("Telegram is off: an answer cannot be sent", ["chat": .string(chatID)])
            return context.operatorTexts.text(.telegramOff, ["chat_id": chatID])
        }
        if try await context.blocked.contains(userChat) {
            return context.operatorTexts.text(.answerToBlockedUser, ["chat_id": chatID])
        }
        var request: SendRequest
        if let media = answer.media {
            request = .copy(
                id: "relay:\(answer.id):answer", chatID: userChat, fromChatID: media.chatID, messageID: media.messageID)
        } else {
            request = .text(id: "relay:\(answer.id):answer", chatID: userChat, text: text, isHTML: true)
        }
        var details = [ReceiptContext.kind: ReceiptContext.answer, ReceiptContext.chat: chatID]
        details[ReceiptContext.operatorMessage] = answer.messageID.map { String($0) }
        details[ReceiptContext.operatorThread] = answer.threadID.map { String($0) }
        details[ReceiptContext.operatorChat] = answer.chat.map { String($0) }
        request.receiptStream = context.keys.relayReceipts
        request.context = details
        try await context.outbox.enqueue(request)
        return nil
    }

    /// Stores the answer in the chat's history, once.
    private func store(_ answer: OperatorAnswer, in chatID: String) async throws {
        let text = answer.media.map { "[\($0.kind)]" + (answer.text.isEmpty ? "" : " " + answer.text) } ?? answer.text
        try await context.effects.once("\(answer.id):stored") {
            do throws(IngestClientError) {
                try await context.ingest.storeMessage(
                    NewChatMessage(text: text, sender: .operator, direction: .outgoing), in: chatID)
            } catch .unreachable(let reason) {
                throw RelayError.ingestUnavailable(reason)
            } catch .timedOut {
                throw RelayError.ingestUnavailable("timed out")
            } catch {
                // Refused: trying again cannot help; the user has the answer already.
                context.logger.warning("ingest-api refused an answer", ["error": .string(error.description)])
            }
        }
    }

    /// Whether the desk has a conversation with `chatID`: it has seen the chat (`SeenChats`:
    /// a /start, a mode change, a hand-off, a contact request leave no history), or the chat
    /// has history (older than the marks); true when ingest-api cannot say.
    private func isKnown(_ chatID: String) async throws -> Bool {
        if try await context.seen.contains(chatID) { return true }
        do {
            return try await !context.ingest.messages(of: chatID, limit: 1).items.isEmpty
        } catch .refused(let status, _, _) where status == 404 || status == 400 {
            return false
        } catch {
            context.logger.info(
                "cannot check a chat id", ["chat": .string(chatID), "error": .string(error.description)])
            return true
        }
    }
}
