/// A ticket (CONTRACT §3); `GET /api/tickets/{id}` adds its `messages`.
///
/// Beyond the contract's fields, ingest-api adds (and leaves out of the JSON when unset):
/// `assignee`, `closed_by` and `closed_at` (who closed it and when), `follows_ticket_id`
/// (the closed ticket this one follows up) and `session_id` (the session that opened it).
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
    /// Who works on it, if anyone.
    public var assignee: String?
    /// Who closed it (set exactly while closed).
    public var closedBy: String?
    /// When it was closed, "YYYY-MM-DDTHH:MM:SSZ" (set exactly while closed).
    public var closedAt: String?
    /// The closed ticket of the same chat this one follows up.
    public var followsTicketID: Int64?
    /// The session_id of the question that opened it.
    public var sessionID: String?

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
        case id, status, category, priority, department, language, messages, assignee
        case chatID = "chat_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case closedBy = "closed_by"
        case closedAt = "closed_at"
        case followsTicketID = "follows_ticket_id"
        case sessionID = "session_id"
    }
}
