/// The JSON of an OpenAI-compatible `POST /chat/completions`: the request, a whole answer,
/// and a streamed chunk (`stream: true`).
enum ChatCompletionWire {
    /// One message of the conversation sent to the model.
    struct Message: Codable, Sendable, Equatable {
        /// "system", "user" or "assistant".
        var role: String
        var content: String
    }

    /// The request body.
    struct Request: Encodable, Sendable {
        var model: String
        var messages: [Message]
        var stream: Bool
        /// Low: a help desk wants the same answer to the same question.
        var temperature: Double = 0.2
    }

    /// A whole answer (`stream: false`).
    struct Response: Decodable, Sendable {
        /// One choice of the answer (we read the first).
        struct Choice: Decodable, Sendable {
            struct Content: Decodable, Sendable { var content: String? }
            var message: Content
        }
        var choices: [Choice]
    }

    /// One streamed chunk: `data: {…}` of the event stream, each carrying a piece of text.
    struct Chunk: Decodable, Sendable {
        /// One choice of the answer (we read the first).
        struct Choice: Decodable, Sendable {
            struct Delta: Decodable, Sendable { var content: String? }
            var delta: Delta?
        }
        var choices: [Choice]
    }
}
