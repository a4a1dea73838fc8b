/// The answer of `POST /api/ingest` (CONTRACT §3): either answered automatically
/// (`status` "closed_auto") or a ticket (`status` "new"). Fields of the other kind are nil
/// and left out of the JSON.
public struct IngestResponse: Codable, Sendable, Equatable {
    public var status: String
    public var answer: String?
    public var similarityScore: Double?
    /// "faq" or "llm".
    public var source: String?
    public var ticketID: Int64?
    public var category: String?
    public var priority: String?
    public var department: String?
    public var language: String
    public var sessionID: String
    public var messageID: Int64

    public init(
        status: String, answer: String? = nil, similarityScore: Double? = nil, source: String? = nil,
        ticketID: Int64? = nil, category: String? = nil, priority: String? = nil, department: String? = nil,
        language: String, sessionID: String, messageID: Int64
    ) {
        self.status = status
        self.answer = answer
        self.similarityScore = similarityScore
        self.source = source
        self.ticketID = ticketID
        self.category = category
        self.priority = priority
        self.department = department
        self.language = language
        self.sessionID = sessionID
        self.messageID = messageID
    }

    /// True for an automatic answer, false for a ticket.
    public var isAnswered: Bool { status == "closed_auto" }

    enum CodingKeys: String, CodingKey {
        case status, answer, source, category, priority, department, language
        case similarityScore = "similarity_score"
        case ticketID = "ticket_id"
        case sessionID = "session_id"
        case messageID = "message_id"
    }
}
