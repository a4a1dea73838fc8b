import DeskProtocol
import Domain
import Postgres

/// Users, chats and message history in PostgreSQL.
///
/// Storing a message is one call of `switchboard_store_message` (migration 0003): one
/// round trip, atomic on its own. It upserts the user, upserts the chat (locking its row
/// until the transaction ends, which orders concurrent messages of one chat), moves the
/// chat's session on, and inserts the message. The session rule (see README "Sessions"):
/// a chat whose ticket is not closed stays in that ticket's session; otherwise the session
/// goes on while messages come less than `sessionIdleSeconds` apart, and a new one starts
/// after a pause or after the ticket was closed (closing clears the chat's session).
struct ChatStore: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database
    /// The pause after which a new session starts.
    let sessionIdleSeconds: Double
    /// The outbox the events of a change are written to, in its transaction.
    let events: DeskEvents

    /// The statement behind `store`.
    private static let storeSQL = """
        SELECT id, chat_id, direction, sender, text, created_at, session_id, ticket_id
        FROM switchboard_store_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        """

    /// Stores `message` (see the type's documentation) and returns it with its session; the
    /// events `report` makes of it go to the outbox in the same transaction.
    func store(
        _ message: NewMessage, report: @escaping @Sendable (StoredMessage) -> [DeskEvent] = { [.message($0.message)] }
    ) async throws -> StoredMessage {
        let user = message.direction == .incoming ? message.user : nil
        let parameters: [PostgresValue] = [
            .text(message.chatID), .text(message.channel.rawValue), .text(message.direction.rawValue),
            .text(message.sender.rawValue), .text(message.text), PostgresValue(user?.id),
            PostgresValue(user?.firstName),
            PostgresValue(user?.lastName), PostgresValue(user?.username), PostgresValue(message.language),
            .double(sessionIdleSeconds), .bool(message.joinsOpenTicket),
        ]
        return try await events.write(in: database) { connection in
            let rows = try connection.query(Self.storeSQL, parameters)
            guard let row = rows.first else { throw PostgresError(.decoding, "storing a message returned no row") }
            let stored = StoredMessage(
                message: try ChatMessage(row: row), sessionID: try row.decode(String.self, "session_id"),
                ticketID: try row.optional(Int64.self, "ticket_id"))
            return (stored, report(stored))
        }
    }

    /// A page of a chat's history, newest first.
    func history(of chatID: String, limit: Int, before: Int64?) async throws -> Page<ChatMessage> {
        let rows = try await database.query(
            """
            SELECT \(SQLColumns.message) FROM messages
            WHERE chat_id = $1 AND ($2::bigint IS NULL OR id < $2)
            ORDER BY id DESC LIMIT $3
            """, [.text(chatID), PostgresValue(before), .int(limit + 1)])
        return try Pagination.page(rows: rows, limit: limit, map: ChatMessage.init(row:), id: \.id)
    }

    /// The last `count` messages of a chat before message `before`, oldest first: the
    /// context an LLM gets.
    func recent(of chatID: String, count: Int, before: Int64) async throws -> [ChatMessage] {
        let rows = try await database.query(
            """
            SELECT \(SQLColumns.message) FROM messages
            WHERE chat_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3
            """, [.text(chatID), .int(Int(before)), .int(count)])
        return try rows.map(ChatMessage.init(row:)).reversed()
    }

    /// Mirrors a chat's mode into PostgreSQL (Redis is authoritative for routing; this
    /// copy survives a Redis flush), creating the chat if it is new; when it `changed`,
    /// `mode_changed` goes to the outbox in the same transaction.
    func recordMode(_ mode: ChatMode, of chatID: String, changed: Bool) async throws {
        let channel = Channel.of(chatID: chatID).rawValue
        try await events.write(in: database) { connection in
            try connection.execute(
                """
                INSERT INTO chats (chat_id, channel, mode) VALUES ($1, $2, $3)
                ON CONFLICT (chat_id) DO UPDATE SET mode = EXCLUDED.mode
                """, [.text(chatID), .text(channel), .text(mode.rawValue)])
            let event = DeskEvent.modeChanged(ModeChangedData(chatID: chatID, mode: mode))
            return ((), changed ? [event] : [])
        }
    }
}
