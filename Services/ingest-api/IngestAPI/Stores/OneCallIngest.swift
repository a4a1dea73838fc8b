import DeskProtocol
import Domain
import Postgres

/// `POST /api/ingest` without a model, in one database call: `switchboard_ingest`
/// (migration 0003) stores the question, matches the FAQ, and stores the answer or files
/// the question in the chat's ticket, and writes the events of it to the outbox, in one
/// transaction and one round trip. The
/// classification is passed in (computed from the rules file in Swift) and used only when
/// the question is filed. An idempotency key is claimed in the same call (`RequestKeys`).
struct OneCallIngest: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database
    /// The pause after which a new session starts.
    let sessionIdleSeconds: Double
    /// How old an unanswered idempotency claim must be before it is taken over.
    let abandonSeconds: Double
    /// Told when the call has written events to the outbox.
    let events: DeskEvents

    /// What the call did: either the answer given before to the same idempotency key, or
    /// what it stored now.
    enum Result: Sendable {
        /// The stored answer of an earlier request with the same key.
        case replayed(IngestResponse)
        /// Handled now.
        case handled(Outcome)
    }

    /// What a handled call stored.
    struct Outcome: Sendable {
        /// The question as stored.
        var question: StoredMessage
        /// The answer, when the FAQ had one at or above the threshold.
        var answer: Answer?
        /// The ticket, when it had none.
        var escalation: Escalation?
        /// For a filed question, the best FAQ similarity from the near score up, if any.
        var nearestScore: Double?
    }

    /// A FAQ answer as stored in the chat.
    struct Answer: Sendable {
        /// The stored reply.
        var message: ChatMessage
        /// The FAQ entry's similarity to the question.
        var score: Double
    }

    /// Stores `input`, then answers it from the FAQ (score at least `threshold`) or files it,
    /// reporting the nearest FAQ entry from `nearScore` up. The events of what it stored are
    /// written to the outbox by the same statement (`event_json.sql` says why), so it runs
    /// on its own, on the request's event loop; the drainer is woken after.
    func ingest(
        _ input: IngestInput, threshold: Double, nearScore: Double, classification: Classification,
        requestKey: RequestKey?
    ) async throws -> Result {
        let user = input.user
        let parameters: [PostgresValue] = [
            .text(input.chatID), .text(input.channel.rawValue), .text(input.text), PostgresValue(user?.id),
            PostgresValue(user?.firstName), PostgresValue(user?.lastName), PostgresValue(user?.username),
            .text(input.language), .double(sessionIdleSeconds), .double(threshold), .double(nearScore),
            .text(classification.category), .text(classification.priority.rawValue),
            .text(classification.department), PostgresValue(requestKey?.scoped), PostgresValue(requestKey?.body),
            .double(abandonSeconds),
        ]
        let result = try Self.result(of: try await database.query(Self.sql, parameters), input: input)
        if case .handled = result { events.committed() }
        return result
    }

    /// The call.
    private static let sql = """
        SELECT * FROM switchboard_ingest(
            $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::real, $11::real, $12, $13, $14, $15, $16, $17)
        """

    /// What the call's rows say.
    private static func result(of rows: PostgresRows, input: IngestInput) throws -> Result {
        guard let row = rows.first else { throw PostgresError(.decoding, "switchboard_ingest returned no row") }
        if let previous = try row.optional(String.self, "replayed") {
            return .replayed(try RequestKeys.decode(previous))
        }
        let question = StoredMessage(
            message: ChatMessage(
                id: try row.decode(Int64.self, "question_id"), chatID: input.chatID, direction: .incoming,
                sender: .user, text: input.text, createdAt: try row.decode(String.self, "question_created_at")),
            sessionID: try row.decode(String.self, "session_id"),
            ticketID: try row.optional(Int64.self, "ticket_id"))
        var outcome = Outcome(question: question)
        if let answerID = try row.optional(Int64.self, "answer_id") {
            let text = try row.decode(String.self, "answer")
            outcome.answer = Answer(
                message: ChatMessage(
                    id: answerID, chatID: input.chatID, direction: .outgoing, sender: .bot, text: text,
                    createdAt: try row.decode(String.self, "answer_created_at")),
                score: try row.decode(Double.self, "score"))
        } else {
            outcome.escalation = Escalation(
                ticket: try Ticket(row: row, prefix: "ticket_"), isNew: try row.decode(Bool.self, "ticket_inserted"))
            outcome.nearestScore = try row.optional(Double.self, "score")
        }
        return .handled(outcome)
    }
}
