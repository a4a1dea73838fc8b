/// The answer of `POST /api/ingest` (CONTRACT §3): either answered automatically
/// (`status` "closed_auto") or a ticket (`status` "new"). Fields of the other kind are nil
/// and left out of the JSON.
public struct IngestResponse: Codable, Sendable, Equatable {
    /// How the question was handled: its `status` on the wire.
    public enum Status: String, Codable, Sendable, Equatable {
        /// Answered automatically: "closed_auto".
        case closedAuto = "closed_auto"
        /// Filed in a ticket: "new".
        case new
    }

    /// Where an automatic answer came from: its `source` on the wire.
    public enum AnswerSource: String, Codable, Sendable, Equatable, CaseIterable {
        /// A FAQ entry at or above the similarity threshold.
        case faq
        /// The language model.
        case llm
    }

    public var status: Status
    public var answer: String?
    public var similarityScore: Double?
    /// Set for an automatic answer.
    public var source: AnswerSource?
    public var ticketID: Int64?
    public var category: String?
    public var priority: String?
    public var department: String?
    public var language: String
    public var sessionID: String
    public var messageID: Int64

    public init(
        status: Status, answer: String? = nil, similarityScore: Double? = nil, source: AnswerSource? = nil,
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
    public var isAnswered: Bool { status == .closedAuto }

    enum CodingKeys: String, CodingKey {
        case status, answer, source, category, priority, department, language
        case similarityScore = "similarity_score"
        case ticketID = "ticket_id"
        case sessionID = "session_id"
        case messageID = "message_id"
    }
}
