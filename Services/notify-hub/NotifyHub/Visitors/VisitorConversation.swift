import Catalog
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
    /// Each chat's language, shared with the relay (an operator's reply, the mode notices).
    let languages: ChatLanguages
    /// For what the visitor only sees as an error frame.
    let logger: Logger

    /// Handles `text` from the visitor of `chatID`; streamed pieces of a bot answer go to
    /// `onPiece` (the whole text so far) before this returns. The language the desk detects
    /// in the text becomes the visitor's (`language`) and the chat's.
    func handle(
        _ text: String, chatID: String, user: ChatUser, language: VisitorLanguage,
        onPiece: @escaping @Sendable (String) -> Void
    ) async -> VisitorOutcome {
        let mode: ChatMode
        do {
            mode = try await modes.mode(of: chatID)
        } catch {
            logger.warning("chat mode unavailable", ["chat_id": .string(chatID), "error": .string("\(error)")])
            return .failed(language.texts.unreachable)
        }
        do throws(DeskError) {
            switch mode {
            case .operator:
                try await store.store(visitorMessage: text, chatID: chatID, user: user)
                return .forwardedToOperator
            case .bot:
                let request = IngestRequest(text: text, channel: Channel.web.rawValue, chatID: chatID, user: user)
                let response = try await answers.answer(request, onPiece: onPiece)
                // The language of the text when it says enough ("VPN" alone does not).
                let detected = Language.detected(response.language, in: text)
                language.learn(detected)
                await remember(detected, of: chatID)
                if response.isAnswered {
                    guard let answer = response.answer, !answer.isEmpty else {
                        throw DeskError.badAnswer("closed_auto without an answer")
                    }
                    return .answered(answer)
                }
                return .ticket(language.texts.ticketNotice(response, detected: detected))
            }
        } catch {
            logger.warning(
                "visitor message not handled", ["chat_id": .string(chatID), "error": .string(error.description)])
            return .failed(language.texts.text(for: error))
        }
    }

    /// Remembers the chat's language for the relay; a failure costs only the language.
    func remember(_ code: String?, of chatID: String, onlyIfUnknown: Bool = false) async {
        do {
            if onlyIfUnknown, try await languages.language(of: chatID) != nil { return }
            try await languages.remember(code, of: chatID)
        } catch {
            logger.warning("chat language not remembered", ["chat_id": .string(chatID), "error": .string("\(error)")])
        }
    }
}
