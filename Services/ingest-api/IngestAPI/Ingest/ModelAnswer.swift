import Domain

/// What the model made of a question.
enum ModelOutcome: Sendable {
    /// An answer to give.
    case answer(String)
    /// "I don't know…": escalate, with this text as the answer admins see.
    case declined(String)
    /// No answer (error, time-out): escalate as if there were no model.
    case failed
}

extension IngestService {
    /// The prompt for `input`: instructions, the closest FAQ entries, the chat's history.
    func prompt(for input: IngestInput, stored: StoredMessage, faq: [FAQMatch]) async -> [ChatCompletionWire.Message] {
        let history =
            (try? await chats.recent(of: input.chatID, count: historyCount, before: stored.message.id)) ?? []
        return AnswerPrompt.messages(question: input.text, language: input.language, history: history, faq: faq)
    }

    /// `.declined` for "I don't know…" (and for an empty answer), else `.answer`.
    static func outcome(of text: String) -> ModelOutcome {
        if text.isEmpty { return .failed }
        return AnswerPrompt.declines(text) ? .declined(text) : .answer(text)
    }
}
