/// Every text the suite shows users, operators and admins (CONTRACT §4, §6), in one
/// language, from the `Catalogue`. Values passed in are inserted as given: escape them
/// first when the text is sent as HTML.
public struct Texts: Sendable {
    /// The language of these texts.
    public let language: Language

    /// The texts of `language`.
    public static func of(_ language: Language) -> Texts { Texts(language: language) }

    /// The texts for a language code ("ru-RU", nil…), `fallback` when the catalogue has not
    /// that language.
    public static func forLanguageCode(_ code: String?, else fallback: Language = .en) -> Texts {
        of(Language(code: code) ?? fallback)
    }

    /// The operator button in every language, to recognise a press whatever the user's language.
    public static let operatorButtons: Set<String> = Set(Language.allCases.map { of($0).operatorButton })

    /// The text of `key` with its placeholders filled from `values`. A key the language
    /// lacks (`CatalogueTests` sees that none does) falls back to English.
    public func text(_ key: TextKey, _ values: [String: String] = [:]) -> String {
        let written = Catalogue.template(key, in: language) ?? Catalogue.template(key, in: .en) ?? key.rawValue
        return Template(text: written).filled(values)
    }

    /// The answer to /start: what the bot does and that the button calls a person.
    public var greeting: String { text(.greeting) }
    /// The answer to /start from an admin.
    public var adminGreeting: String { text(.adminGreeting) }
    /// The one button of the reply keyboard.
    public var operatorButton: String { text(.operatorButton) }
    /// To the user when an operator takes the chat.
    public var operatorConnected: String { text(.operatorConnected) }
    /// To the user when the chat goes back to the bot.
    public var operatorDisconnected: String { text(.operatorDisconnected) }
    /// ingest-api could not be reached (or timed out twice).
    public var connectionError: String { text(.connectionError) }
    /// ingest-api answered something unusable.
    public var processingError: String { text(.processingError) }
    /// A photo, sticker or file in bot mode.
    public var textOnly: String { text(.textOnly) }
    /// Marks an edited message for operators.
    public var editedMark: String { text(.editedMark) }
    /// To the operator chat for anything that is neither a reply nor "chat_id: answer".
    public var invalidOperatorFormat: String { text(.invalidOperatorFormat) }

    /// The automatic answer; `confidence` is the similarity in percent, nil when unknown.
    public func automaticAnswer(_ answer: String, _ confidence: Int?) -> String {
        text(.automaticAnswer, ["answer": answer])
            + (confidence.map { "\n" + text(.confidence, ["percent": String($0)]) } ?? "")
    }

    /// The ticket notice.
    public func ticketNotice(_ ticketID: Int64, _ category: String, _ priority: String, _ department: String)
        -> String
    {
        text(
            .ticketNotice,
            ["ticket_id": String(ticketID), "category": category, "priority": priority, "department": department])
    }

    /// The head of the handoff message in the operator chat: "Message from user {chat_id} ({name})".
    public func messageFromUser(_ chatID: String, _ name: String) -> String {
        text(.messageFromUser, ["chat_id": chatID, "name": name])
    }

    /// An operator's answer as the user sees it.
    public func operatorReply(_ answer: String) -> String { text(.operatorReply, ["answer": answer]) }

    /// The escalation alert to admins.
    public func escalation(_ name: String, _ message: String, _ response: String) -> String {
        text(.escalation, ["name": name, "question": message, "response": response])
    }

    /// Added to the end of an escalation alert (after a blank line) when the question came
    /// from a chat an admin can answer: its id and how.
    public func escalationChat(_ chatID: String) -> String { text(.escalationChat, ["chat_id": chatID]) }

    /// A forwarded user message in the operator chat: the head, a colon, a line break and the text.
    public func forwardedMessage(chatID: String, name: String, text body: String) -> String {
        messageFromUser(chatID, name) + ":\n" + body
    }
}
