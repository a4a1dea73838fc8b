/// A ticket (CONTRACT §3); `GET /api/tickets/{id}` adds its `messages`.
public struct Ticket: Codable, Sendable, Equatable {
    /// The lifecycle: new → open (an operator answered) → pending ↔ open → closed.
    public enum Status: String, Codable, Sendable, CaseIterable { case new, open, pending, closed }

    public var id: Int64
    public var status: Status
    public var category: String
    public var priority: String
    public var department: String
    public var language: String
    public var chatID: String
    public var createdAt: String
    public var updatedAt: String
    public var messages: [ChatMessage]?

    public init(
        id: Int64, status: Status, category: String, priority: String, department: String, language: String,
        chatID: String, createdAt: String, updatedAt: String, messages: [ChatMessage]? = nil
    ) {
        self.id = id
        self.status = status
        self.category = category
        self.priority = priority
        self.department = department
        self.language = language
        self.chatID = chatID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case id, status, category, priority, department, language, messages
        case chatID = "chat_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
