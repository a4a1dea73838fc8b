/// One message of a chat's history (CONTRACT §3).
public struct ChatMessage: Codable, Sendable, Equatable {
    /// "in" from the user, "out" to the user.
    public enum Direction: String, Codable, Sendable { case incoming = "in", outgoing = "out" }
    /// Who wrote it.
    public enum Sender: String, Codable, Sendable { case user, bot, `operator` }

    public var id: Int64
    public var chatID: String
    public var direction: Direction
    public var sender: Sender
    public var text: String
    /// "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601, UTC).
    public var createdAt: String

    public init(id: Int64, chatID: String, direction: Direction, sender: Sender, text: String, createdAt: String) {
        self.id = id
        self.chatID = chatID
        self.direction = direction
        self.sender = sender
        self.text = text
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, direction, sender, text
        case chatID = "chat_id"
        case createdAt = "created_at"
    }
}
