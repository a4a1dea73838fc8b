import DeskProtocol
import Domain
import Postgres

/// Tickets in PostgreSQL and their lifecycle.
///
/// A chat has at most one ticket that is not closed (a unique partial index guarantees
/// it). An unanswered question joins that ticket, or opens one; a ticket opened after
/// another of the chat was closed follows it up (`follows_ticket_id`). An operator's reply
/// moves a new ticket to open; a user's message moves a pending one back to open;
/// closing records who and when, and ends the chat's session.
struct TicketStore: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database
    /// The outbox the events of a change are written to, in its transaction.
    let events: DeskEvents

    /// Joins message `messageID` to the chat's ticket that is not closed, or opens one
    /// classified as `classification`: `switchboard_escalate` (migration 0003), one call.
    /// Two questions racing in one chat end up in one ticket; joining raises the priority
    /// (never lowers it) and reopens a pending ticket.
    /// The events `report` makes of the escalation go to the outbox in its transaction.
    func escalate(
        messageID: Int64, chatID: String, sessionID: String, language: String, classification: Classification,
        report: @escaping @Sendable (Escalation) -> [DeskEvent]
    ) async throws -> Escalation {
        let parameters: [PostgresValue] = [
            .text(chatID), .text(classification.category), .text(classification.priority.rawValue),
            .text(classification.department), .text(language), .text(sessionID), .int(Int(messageID)),
        ]
        return try await events.write(in: database) { connection in
            let rows = try connection.query(
                "SELECT * FROM switchboard_escalate($1, $2, $3, $4, $5, $6::uuid, $7)", parameters)
            guard let row = rows.first else { throw PostgresError(.decoding, "escalating returned no ticket") }
            let escalation = Escalation(ticket: try Ticket(row: row), isNew: try row.decode(Bool.self, "inserted"))
            return (escalation, report(escalation))
        }
    }

    /// Moves the chat's new ticket to open after an operator replied (`ticket_updated` in
    /// the same transaction); the ticket when it moved.
    func noteOperatorReply(chatID: String) async throws -> Ticket? {
        try await events.write(in: database) { connection in
            let rows = try connection.query(
                "UPDATE tickets SET status = 'open' WHERE chat_id = $1 AND status = 'new' RETURNING \(SQLColumns.ticket)",
                [.text(chatID)])
            let ticket = try rows.first.map(Ticket.init(row:))
            return (ticket, ticket.map { [.ticketUpdated($0)] } ?? [])
        }
    }

    /// A page of tickets, newest first, filtered by status (any of `statuses`) and chat.
    func list(statuses: [Ticket.Status], chatID: String?, limit: Int, before: Int64?) async throws -> Page<Ticket> {
        let statusList = statuses.isEmpty ? nil : "{" + statuses.map(\.rawValue).joined(separator: ",") + "}"
        let rows = try await database.query(
            """
            SELECT \(SQLColumns.ticket) FROM tickets
            WHERE ($1::text[] IS NULL OR status = ANY ($1::text[])) AND ($2::text IS NULL OR chat_id = $2)
                AND ($3::bigint IS NULL OR id < $3)
            ORDER BY id DESC LIMIT $4
            """, [PostgresValue(statusList), PostgresValue(chatID), PostgresValue(before), .int(limit + 1)])
        return try Pagination.page(rows: rows, limit: limit, map: Ticket.init(row:), id: \.id)
    }

    /// The ticket with its messages (oldest first, at most `messageLimit`), or nil.
    func ticket(id: Int64, messageLimit: Int) async throws -> Ticket? {
        try await database.run { connection in
            let rows = try connection.query("SELECT \(SQLColumns.ticket) FROM tickets WHERE id = $1", [.int(Int(id))])
            guard let row = rows.first else { return nil }
            var ticket = try Ticket(row: row)
            let messages = try connection.query(
                "SELECT \(SQLColumns.message) FROM messages WHERE ticket_id = $1 ORDER BY id LIMIT $2",
                [.int(Int(id)), .int(messageLimit)])
            ticket.messages = try messages.map(ChatMessage.init(row:))
            return ticket
        }
    }

    /// Applies `change` to ticket `id` (`ticket_updated` in the same transaction); nil when
    /// there is no such ticket. Reopening a ticket while the chat has another one open is
    /// `StoreError.chatHasOpenTicket`.
    func update(id: Int64, change: TicketChange) async throws -> Ticket? {
        do {
            return try await events.write(in: database) { connection in
                let ticket = try Self.update(id: id, change: change, on: connection)
                return (ticket, ticket.map { [.ticketUpdated($0)] } ?? [])
            }
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw StoreError.chatHasOpenTicket
        }
    }

    /// `update(id:change:)` inside its transaction.
    private static func update(id: Int64, change: TicketChange, on connection: PostgresConnection) throws -> Ticket? {
        let current = try connection.query(
            "SELECT status, assignee, session_id::text AS session_id, chat_id FROM tickets WHERE id = $1 FOR UPDATE",
            [.int(Int(id))])
        guard let row = current.first else { return nil }
        let oldStatus = try row.decode(String.self, "status")
        let newStatus = change.status ?? oldStatus
        let currentAssignee = try row.optional(String.self, "assignee")
        let assignee = change.assignee ?? currentAssignee
        let closing = newStatus == "closed" && oldStatus != "closed"
        let closedBy = change.closedBy ?? assignee ?? "admin"
        let rows = try connection.query(
            """
            UPDATE tickets SET status = $2, priority = coalesce($3, priority), assignee = $4,
                closed_at = CASE WHEN $2 <> 'closed' THEN NULL WHEN $5 THEN now() ELSE closed_at END,
                closed_by = CASE WHEN $2 <> 'closed' THEN NULL WHEN $5 THEN $6 ELSE closed_by END
            WHERE id = $1 RETURNING \(SQLColumns.ticket)
            """,
            [
                .int(Int(id)), .text(newStatus), PostgresValue(change.priority), PostgresValue(assignee),
                .bool(closing),
                .text(closedBy),
            ])
        let chatID = try row.decode(String.self, "chat_id")
        let sessionID = try row.optional(String.self, "session_id")
        if closing {
            // The conversation is over: the next message starts a new session.
            try connection.execute(
                "UPDATE chats SET session_id = NULL WHERE chat_id = $1 AND session_id = $2::uuid",
                [.text(chatID), PostgresValue(sessionID)])
        } else if oldStatus == "closed" && newStatus != "closed" {
            try connection.execute(
                "UPDATE chats SET session_id = $2::uuid, session_seen_at = now() WHERE chat_id = $1",
                [.text(chatID), PostgresValue(sessionID)])
        }
        return try rows.first.map(Ticket.init(row:))
    }
}
