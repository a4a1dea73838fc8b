import Domain
import HTTPServer

/// `{"chat_id","mode"}`: the answer of the mode endpoints.
struct ModeBody: Encodable, Sendable {
    /// The chat.
    var chatID: String
    /// The mode.
    var mode: ChatMode

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case mode
        case chatID = "chat_id"
    }
}

/// The body of `PUT /api/chats/{chat_id}/mode`.
struct ModePut: Decodable, Sendable {
    /// The mode.
    var mode: ChatMode
}

/// The body of `POST /api/chats/{chat_id}/messages`: a message relayed by the gateway or
/// operator-relay (a user's message in operator mode, an operator's reply).
struct MessagePost: Decodable, Sendable {
    /// The text.
    var text: String
    /// Who wrote it.
    var sender: ChatMessage.Sender
    /// Optional: follows from the sender ("in" for the user, else "out").
    var direction: ChatMessage.Direction?
    /// Who wrote it, if the client said.
    var user: ChatUser?
    /// telegram, web or api.
    var channel: String?

    /// The message to store, validated.
    func newMessage(chatID: String) throws -> NewMessage {
        let expected: ChatMessage.Direction = sender == .user ? .incoming : .outgoing
        if let direction, direction != expected {
            throw HTTPError.badRequest("direction must be \"\(expected.rawValue)\" for sender \"\(sender.rawValue)\"")
        }
        return NewMessage(
            chatID: chatID, channel: try channel.map(IngestValidation.channel) ?? Channel.of(chatID: chatID),
            direction: expected, sender: sender, text: try IngestValidation.text(text),
            user: try IngestValidation.user(user), language: nil, joinsOpenTicket: true)
    }
}
