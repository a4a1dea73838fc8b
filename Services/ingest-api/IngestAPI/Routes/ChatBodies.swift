import Domain
import HTTPServer

/// `{"chat_id","mode"}`: the answer of the mode endpoints.
struct ModeBody: Encodable, Sendable {
    var chatID: String
    var mode: ChatMode

    enum CodingKeys: String, CodingKey {
        case mode
        case chatID = "chat_id"
    }
}

/// The body of `PUT /api/chats/{chat_id}/mode`.
struct ModePut: Decodable, Sendable {
    var mode: ChatMode
}

/// The body of `POST /api/chats/{chat_id}/messages`: a message relayed by the gateway or
/// operator-relay (a user's message in operator mode, an operator's reply).
struct MessagePost: Decodable, Sendable {
    var text: String
    var sender: ChatMessage.Sender
    /// Optional: follows from the sender ("in" for the user, else "out").
    var direction: ChatMessage.Direction?
    var user: ChatUser?
    var channel: String?

    /// The message to store, validated.
    func newMessage(chatID: String) throws -> NewMessage {
        let expected: ChatMessage.Direction = sender == .user ? .incoming : .outgoing
        if let direction, direction != expected {
            throw HTTPError.badRequest("direction must be \"\(expected.rawValue)\" for sender \"\(sender.rawValue)\"")
        }
        return NewMessage(
            chatID: chatID, channel: try channel.map(IngestValidation.channel) ?? Channel.of(chatID: chatID).rawValue,
            direction: expected, sender: sender, text: try IngestValidation.text(text),
            user: try IngestValidation.user(user), language: nil, joinsOpenTicket: true)
    }
}
