import Domain

/// The conversation sent to the model: instructions, the closest FAQ entries, the
/// chat's recent history, and the question.
enum AnswerPrompt {
    /// The prefix by which a model says it has no answer; such an answer escalates.
    static let noAnswerPrefix = "I don't know"

    /// Whether `answer` declines ("I don't know…", any case, straight or curly apostrophe).
    static func declines(_ answer: String) -> Bool {
        let start = answer.trimmingPrefix(while: { $0.isWhitespace || $0 == "\"" || $0 == "«" })
            .prefix(30).lowercased().replacing("’", with: "'")
        return start.hasPrefix("i don't know") || start.hasPrefix("i do not know")
    }

    /// The messages for `question` in `language`, with `history` (oldest first) and `faq`.
    static func messages(
        question: String, language: String, history: [ChatMessage], faq: [FAQMatch]
    ) -> [ChatCompletionWire.Message] {
        var system = """
            You are the IT service desk assistant of a company, answering employees in a chat. \
            Answer in the language of the question (\(language)), briefly and concretely. \
            Use the reference answers below when they fit. If you do not know the answer \
            for certain, reply with a sentence that starts exactly with "\(noAnswerPrefix)", in English; \
            a human specialist will then take over.
            """
        if !faq.isEmpty {
            system += "\n\nReference answers:"
            for match in faq {
                system += "\n- Q: \(match.entry.question)\n  A: \(match.entry.answer)"
            }
        }
        var messages = [ChatCompletionWire.Message(role: "system", content: system)]
        for message in history {
            messages.append(.init(role: message.sender == .user ? "user" : "assistant", content: message.text))
        }
        messages.append(.init(role: "user", content: question))
        return messages
    }
}
