/// Every text the suite shows users and operators in Telegram (CONTRACT §4), for one
/// language. Values passed in are inserted as given: escape them first when the text is
/// sent as HTML.
public struct Texts: Sendable {
    /// The answer to /start: what the bot does and that the button calls a person.
    public let greeting: String
    /// The one button of the reply keyboard.
    public let operatorButton: String
    /// To the user when an operator takes the chat.
    public let operatorConnected: String
    /// To the user when the chat goes back to the bot.
    public let operatorDisconnected: String
    /// ingest-api could not be reached (or timed out twice).
    public let connectionError: String
    /// ingest-api answered something unusable.
    public let processingError: String
    /// A photo, sticker or file in bot mode.
    public let textOnly: String
    /// Marks an edited message for operators.
    public let editedMark: String
    /// To the operator chat for anything that is neither a reply nor "chat_id: answer".
    public let invalidOperatorFormat: String
    /// The automatic answer; `confidence` is the similarity in percent, nil when unknown.
    public let automaticAnswer: @Sendable (_ answer: String, _ confidence: Int?) -> String
    /// The ticket notice.
    public let ticketNotice:
        @Sendable (_ ticketID: Int64, _ category: String, _ priority: String, _ department: String) -> String
    /// The head of the handoff message in the operator chat: "Message from user {chat_id} ({name})".
    public let messageFromUser: @Sendable (_ chatID: String, _ name: String) -> String
    /// An operator's answer as the user sees it.
    public let operatorReply: @Sendable (_ answer: String) -> String
    /// The escalation alert to admins.
    public let escalation: @Sendable (_ name: String, _ message: String, _ response: String) -> String
    /// Added to the end of an escalation alert (after a blank line, the contract's text left
    /// as it is) when the question came from a chat an admin can answer: its id and how.
    public let escalationChat: @Sendable (_ chatID: String) -> String

    /// The texts of `language`.
    public static func of(_ language: Language) -> Texts {
        switch language {
        case .en: .english
        case .ru: .russian
        }
    }

    /// The texts for a language code ("ru-RU", nil…).
    public static func forLanguageCode(_ code: String?) -> Texts { of(Language(code: code)) }

    /// The operator button in every language, to recognise a press whatever the user's language.
    public static let operatorButtons: Set<String> = Set(Language.allCases.map { of($0).operatorButton })

    /// A forwarded user message in the operator chat: the head, a colon, a line break and the text.
    public func forwardedMessage(chatID: String, name: String, text: String) -> String {
        messageFromUser(chatID, name) + ":\n" + text
    }
}
