import ChatState
import Domain
import Logging

/// What became of one visitor message.
enum VisitorOutcome: Sendable, Equatable {
    /// The bot answered (FAQ or LLM): the text to show.
    case answered(String)
    /// No confident answer: a ticket was opened; the notice to show.
    case ticket(String)
    /// An operator has the chat: the message was stored for them; no answer now.
    case forwardedToOperator
    /// The desk could not take it: the error text to show.
    case failed(String)
}

/// A web visitor's message through the desk, the same way a Telegram message goes
/// (CONTRACT §4, §6): by the chat's mode, to the bot (`AnswerSource`) or to the operators
/// (`VisitorMessageStore`). Shared by both visitor dialects.
struct VisitorConversation: Sendable {
    /// The bot: ingest-api's answer.
    let answers: any AnswerSource
    /// The operators' side: the chat history.
    let store: any VisitorMessageStore
    /// Each chat's mode, shared with the Telegram side.
    let modes: ChatModeStore
    /// For what the visitor only sees as an error frame.
    let logger: Logger

    /// Handles `text` from the visitor of `chatID`; streamed pieces of a bot answer go to
    /// `onPiece` (the whole text so far) before this returns.
    func handle(
        _ text: String, chatID: String, user: ChatUser, onPiece: @escaping @Sendable (String) -> Void
    ) async -> VisitorOutcome {
        let mode: ChatMode
        do {
            mode = try await modes.mode(of: chatID)
        } catch {
            logger.warning("chat mode unavailable", ["chat_id": .string(chatID), "error": .string("\(error)")])
            return .failed(VisitorTexts.unreachable)
        }
        do throws(DeskError) {
            switch mode {
            case .operator:
                try await store.store(visitorMessage: text, chatID: chatID, user: user)
                return .forwardedToOperator
            case .bot:
                let request = IngestRequest(text: text, channel: Channel.web.rawValue, chatID: chatID, user: user)
                let response = try await answers.answer(request, onPiece: onPiece)
                if response.isAnswered {
                    guard let answer = response.answer, !answer.isEmpty else {
                        throw DeskError.badAnswer("closed_auto without an answer")
                    }
                    return .answered(answer)
                }
                return .ticket(VisitorTexts.ticketNotice(response))
            }
        } catch {
            logger.warning(
                "visitor message not handled", ["chat_id": .string(chatID), "error": .string(error.description)])
            return .failed(VisitorTexts.text(for: error))
        }
    }
}
