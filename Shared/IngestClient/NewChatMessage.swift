import Domain

/// The body of `POST /api/chats/{chat_id}/messages`: a message to add to a chat's history
/// (an operator-mode user message, an edit, an operator's answer).
public struct NewChatMessage: Codable, Sendable, Equatable {
    /// The text as the history shows it.
    public var text: String
    /// Who wrote it.
    public var sender: ChatMessage.Sender
    /// "in" from the user, "out" to the user.
    public var direction: ChatMessage.Direction
    /// The user, when the message is theirs.
    public var user: ChatUser?

    /// Creates the body.
    public init(text: String, sender: ChatMessage.Sender, direction: ChatMessage.Direction, user: ChatUser? = nil) {
        self.text = text
        self.sender = sender
        self.direction = direction
        self.user = user
    }
}
