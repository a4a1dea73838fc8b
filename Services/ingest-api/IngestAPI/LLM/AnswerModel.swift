/// A language model that answers a help-desk question from a prepared conversation.
protocol AnswerModel: Sendable {
    /// The whole answer.
    func answer(_ messages: [ChatCompletionWire.Message]) async throws -> String
    /// The answer as it is produced: pieces of text, in order.
    func streamAnswer(_ messages: [ChatCompletionWire.Message]) -> AsyncThrowingStream<String, any Error>
}

/// Why a model gave no answer.
struct AnswerModelError: Error, CustomStringConvertible {
    /// The reason, in words.
    let description: String

    /// An error saying `description`.
    init(_ description: String) {
        self.description = description
    }
}
